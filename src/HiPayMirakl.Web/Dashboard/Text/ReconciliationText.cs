namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>Strings of the reconciliation page; French in ReconciliationText.fr.resx.</summary>
public sealed class ReconciliationText;
