namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>Strings of the cycle preview page; French in PreviewText.fr.resx.</summary>
public sealed class PreviewText;
