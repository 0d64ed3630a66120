using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Deployment;

/// <summary>
/// The committed nginx example (deploy/nginx/hipay-mirakl.conf), adapted only in its addresses, ports and file paths,
/// run by Debian's nginx in front of the real host: what HiPay posts gets through and is stored, the host sees the
/// client's address (not nginx's), and the admin side is closed to addresses outside the allow-list.
/// </summary>
public sealed class NginxProxyTests
{
    private const string NginxBinary = "/usr/sbin/nginx";
    private const long AccountId = 600500;
    private const string Salt = "nginx-salt";

    /// <summary>Outside the admin allow-list: only the public locations answer it.</summary>
    private static readonly IPAddress Outsider = IPAddress.Parse("127.0.0.3");

    /// <summary>Put in the allow-list in place of the example's documentation network.</summary>
    private static readonly IPAddress Admin = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task ExampleSite_SignedWalletNotification_StoredAndHostSeesClientAddress_AdminRefusedOutsideAllowList()
    {
        Assert.True(File.Exists(NginxBinary), $"{NginxBinary} is missing: ./test.sh installs Debian's nginx, or apt-get install nginx");
        var logs = new RecordingLoggerProvider();
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false, services: logs.AddTo,
            configure: s => s.Web.KnownProxies.Add("127.0.0.1"));
        await AddVendorAsync(harness);
        await using var nginx = await NginxSite.StartAsync(harness.WebBaseAddress.Port);
        using var outsider = nginx.ClientFrom(Outsider);
        using var admin = nginx.ClientFrom(Admin);

        // A client-written X-Forwarded-For must not become the address the host believes.
        using var notification = new HttpRequestMessage(HttpMethod.Post, "/notifications/hipay-wallet") { Content = Form(SignedNotification()) };
        notification.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var delivered = await outsider.SendAsync(notification);
        using var live = await outsider.GetAsync("/health/live");
        using var adminFromOutside = await outsider.GetAsync("/api/legs");
        using var adminFromAllowList = await admin.GetAsync("/api/legs");

        Assert.Equal(HttpStatusCode.NoContent, delivered.StatusCode);
        await using (var db = harness.CreateDbContext())
        {
            var stored = await db.Inbox.SingleAsync();
            Assert.Contains("<account_id>600500</account_id>", Uri.UnescapeDataString(Encoding.ASCII.GetString(stored.RawBody)), StringComparison.Ordinal);
        }

        // The host writes its request line once the answer has gone, so the lines are awaited (not their timing).
        await logs.WaitForAsync(m => m.StartsWith("HTTP GET /api/legs from", StringComparison.Ordinal));
        await logs.WaitForAsync(m => m.StartsWith("HTTP POST /notifications/hipay-wallet from", StringComparison.Ordinal));
        var requests = logs.Entries.Where(e => e.Category == "HiPayMirakl.Web.RequestLogging").Select(e => e.Message).ToList();
        Assert.Contains(requests, m => m.StartsWith("HTTP POST /notifications/hipay-wallet from 127.0.0.3 (https) answered 204", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, m => m.Contains("203.0.113.9", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // nginx refuses the outsider itself: the host never hears of the request.
        Assert.Equal(HttpStatusCode.Forbidden, adminFromOutside.StatusCode);
        Assert.Equal("text/html", adminFromOutside.Content.Headers.ContentType?.MediaType);
        Assert.Single(requests, m => m.StartsWith("HTTP GET /api/legs ", StringComparison.Ordinal));
        // From the allow-list the request reaches the host, which still asks who is calling.
        Assert.Equal(HttpStatusCode.Unauthorized, adminFromAllowList.StatusCode);
        Assert.Equal("application/problem+json", adminFromAllowList.Content.Headers.ContentType?.MediaType);
        Assert.Contains(requests, m => m.StartsWith("HTTP GET /api/legs from 127.0.0.2 (https) answered 401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_WithoutKnownProxies_IgnoresForwardedHeaders()
    {
        var logs = new RecordingLoggerProvider();
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false, services: logs.AddTo);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await harness.WebClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = await logs.WaitForAsync(m => m.StartsWith("HTTP GET /health/live from", StringComparison.Ordinal));
        Assert.StartsWith("HTTP GET /health/live from 127.0.0.1 (http) answered 200", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtraPath_SignedWalletNotification_IsStoredLikeOnTheMainPath()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false,
            configure: s => s.WalletNotifications.ExtraPath = "/index.php");
        await AddVendorAsync(harness);

        using var response = await harness.WebClient.PostAsync("/index.php", Form(SignedNotification()));
        using var other = await harness.WebClient.PostAsync("/other.php", Form(SignedNotification()));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        await using var db = harness.CreateDbContext();
        Assert.Equal(1, await db.Inbox.CountAsync());
    }

    private static async Task AddVendorAsync(ConnectorHarness harness)
    {
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new { accountId = AccountId, email = "nginx@example.com", currency = "EUR", callbackSalt = Salt });
        await using var db = harness.CreateDbContext();
        db.Vendors.Add(new Vendor { MiraklShopId = 2501, HiPayAccountId = AccountId, Email = "nginx@example.com", CallbackSalt = Salt });
        await db.SaveChangesAsync();
    }

    private static string SignedNotification() => WalletNotificationSignature.WithSignature($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <notification>
            <md5content>0</md5content>
            <result>
                <operation>identification</operation>
                <status>ok</status>
                <date>2026-03-01</date>
                <time>08:00:00 UTC+0000</time>
                <account_id>{AccountId}</account_id>
            </result>
        </notification>
        """, Salt);

    private static StringContent Form(string xml) =>
        new("xml=" + Uri.EscapeDataString(xml), Encoding.ASCII, "application/x-www-form-urlencoded");

    /// <summary>nginx running the example site on loopback ports, with its own prefix, pid, logs and temp dirs.</summary>
    private sealed class NginxSite : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _dir;
        private readonly byte[] _certificate;

        private NginxSite(Process process, string dir, int httpsPort, byte[] certificate)
        {
            _process = process;
            _dir = dir;
            HttpsPort = httpsPort;
            _certificate = certificate;
        }

        public int HttpsPort { get; }

        public static async Task<NginxSite> StartAsync(int upstreamPort)
        {
            var dir = Path.Combine(Path.GetTempPath(), "hm-nginx-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(dir);
            var (certificatePem, keyPem, raw) = SelfSigned();
            var crt = Path.Combine(dir, "site.crt");
            var key = Path.Combine(dir, "site.key");
            await File.WriteAllTextAsync(crt, certificatePem);
            await File.WriteAllTextAsync(key, keyPem);

            var httpsPort = FreePort();
            var httpPort = FreePort();
            var site = await File.ReadAllTextAsync(RepositoryFiles.PathOf("deploy/nginx/hipay-mirakl.conf"));
            site = Swap(site, "server 127.0.0.1:8080;", $"server 127.0.0.1:{upstreamPort.ToString(CultureInfo.InvariantCulture)};");
            site = Swap(site, "listen 80;", $"listen 127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)};");
            site = Swap(site, "listen 443 ssl http2;", $"listen 127.0.0.1:{httpsPort.ToString(CultureInfo.InvariantCulture)} ssl http2;");
            site = Swap(site, "/etc/ssl/certs/connector.example.com.crt", crt);
            site = Swap(site, "/etc/ssl/private/connector.example.com.key", key);
            site = Swap(site, "/var/log/nginx/", dir + "/");
            site = Swap(site, "allow 192.0.2.0/24;", "allow " + Admin + ";");
            // No IPv6 listener: loopback IPv4 only.
            site = string.Join('\n', site.Split('\n').Where(line => !line.Contains("listen [::]:", StringComparison.Ordinal)));
            await File.WriteAllTextAsync(Path.Combine(dir, "site.conf"), site);
            await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), $$"""
                worker_processes 1;
                pid {{dir}}/nginx.pid;
                error_log {{dir}}/error.log info;
                events { worker_connections 64; }
                http {
                    client_body_temp_path {{dir}}/client_body;
                    proxy_temp_path {{dir}}/proxy;
                    fastcgi_temp_path {{dir}}/fastcgi;
                    uwsgi_temp_path {{dir}}/uwsgi;
                    scgi_temp_path {{dir}}/scgi;
                    default_type text/html;
                    include {{dir}}/site.conf;
                }
                """);

            var start = new ProcessStartInfo(NginxBinary)
            {
                ArgumentList = { "-p", dir + "/", "-c", Path.Combine(dir, "nginx.conf"), "-e", Path.Combine(dir, "error.log"), "-g", "daemon off;" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
            var nginx = new NginxSite(process, dir, httpsPort, raw);
            try
            {
                await nginx.WaitListeningAsync();
            }
            catch
            {
                await nginx.DisposeAsync();
                throw;
            }

            return nginx;
        }

        /// <summary>A client of the site whose connections come from <paramref name="source"/> (any 127.x address is loopback).</summary>
        public HttpClient ClientFrom(IPAddress source)
        {
            var expected = _certificate;
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        socket.Bind(new IPEndPoint(source, 0));
                        await socket.ConnectAsync(context.DnsEndPoint, ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
                // Trust exactly the certificate this test made, nothing else.
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected) },
            };
            return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{HttpsPort.ToString(CultureInfo.InvariantCulture)}") };
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        private async Task WaitListeningAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("nginx exited: " + await _process.StandardError.ReadToEndAsync() + ReadErrorLog());
                }

                using var probe = new TcpClient();
                try
                {
                    await probe.ConnectAsync(IPAddress.Loopback, HttpsPort);
                    return;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }

        private string ReadErrorLog()
        {
            var log = Path.Combine(_dir, "error.log");
            return File.Exists(log) ? " " + File.ReadAllText(log) : "";
        }

        private static string Swap(string text, string from, string to)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"deploy/nginx/hipay-mirakl.conf no longer contains '{from}': adapt this test with the example");
            return text.Replace(from, to, StringComparison.Ordinal);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static (string Certificate, string Key, byte[] Raw) SelfSigned()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            return (certificate.ExportCertificatePem(), rsa.ExportPkcs8PrivateKeyPem(), certificate.RawData);
        }
    }
}
