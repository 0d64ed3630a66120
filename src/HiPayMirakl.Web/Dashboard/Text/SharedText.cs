namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>
/// Strings of the layout, the sign-in page and the shared components. Keys are the English text; the French is in
/// SharedText.fr.resx. Each group of pages has its own marker class and resource file beside this one.
/// </summary>
public sealed class SharedText;
