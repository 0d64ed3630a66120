namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>Strings of the legs pages (list, timeline, hold, release); French in LegsText.fr.resx.</summary>
public sealed class LegsText;
