namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>Strings of the overview page; French in OverviewText.fr.resx.</summary>
public sealed class OverviewText;
