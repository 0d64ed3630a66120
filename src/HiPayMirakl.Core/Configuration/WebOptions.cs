using System.Net;

namespace HiPayMirakl.Core.Configuration;

/// <summary>The web host behind a reverse proxy (nginx, a load balancer).</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>, <c>::1/128</c>) of the proxies whose
    /// <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> are believed. Empty (the default): the
    /// headers are ignored and the client is the peer of the TCP connection, so nobody can pretend another address.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>The configured proxies as networks; entries that do not parse are left out (see <see cref="Validate"/>).</summary>
    public IReadOnlyList<IPNetwork> ProxyNetworks() => [.. KnownProxies.Select(Parse).OfType<IPNetwork>()];

    /// <summary>Errors naming the key (<c>Web:KnownProxies:0</c>); empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (Parse(KnownProxies[i]) is null)
            {
                yield return $"{SectionName}:{nameof(KnownProxies)}:{i}: '{KnownProxies[i]}' is not an IP address or a network like 10.0.0.0/24.";
            }
        }
    }

    private static IPNetwork? Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(value, out var network) ? network : null;
        }

        return IPAddress.TryParse(value, out var address)
            ? new IPNetwork(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : null;
    }
}
