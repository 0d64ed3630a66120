namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>
/// Strings of the operations pages (jobs, notifications, logs, users and API keys, direct debit). Keys are the
/// English text; the French is in OperationsText.fr.resx.
/// </summary>
public sealed class OperationsText;
