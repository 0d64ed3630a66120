using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// Adds the gateway's Basic credentials to each request at send time, so the header is built from the current
/// options and never sits in DefaultRequestHeaders where a logged client could expose it.
/// </summary>
internal sealed class BasicAuthenticationHandler(IOptionsMonitor<HiPayEnterpriseOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(current.Username + ":" + current.Password));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        return base.SendAsync(request, cancellationToken);
    }
}
