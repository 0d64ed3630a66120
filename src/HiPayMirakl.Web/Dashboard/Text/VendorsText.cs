namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>Strings of the vendors pages; French in VendorsText.fr.resx.</summary>
public sealed class VendorsText;
