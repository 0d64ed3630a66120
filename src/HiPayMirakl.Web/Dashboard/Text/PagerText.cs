namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>Strings of the list pager (<c>_DashboardPager</c>); French in PagerText.fr.resx.</summary>
public sealed class PagerText;
