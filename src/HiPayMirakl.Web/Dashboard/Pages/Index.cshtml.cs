using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HiPayMirakl.Web.Dashboard.Pages;

/// <summary>The overview: what is owed, paid and waiting per currency and cycle.</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
