namespace HiPayMirakl.Web.Dashboard.Text;

/// <summary>Strings of the approval pages (awaiting approval, approval rules, the leg page's approval card); French in ApprovalsText.fr.resx.</summary>
public sealed class ApprovalsText;
