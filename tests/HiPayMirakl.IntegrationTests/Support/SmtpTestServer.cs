using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>One message as the SMTP server took it: the envelope recipients and the parsed MIME message.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> Recipients, MimeMessage Message, string Text);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1, in-process, keeping every message it accepts. With a
/// login and password it requires them (AUTH over the plain connection, as a test relay would).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private SmtpTestServer(int port, string? login, string? password)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("127.0.0.1")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).AllowUnsecureAuthentication(true).AuthenticationRequired(login is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Received));
        if (login is not null)
        {
            services.Add(new Authenticator(login, password ?? ""));
        }

        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    /// <summary>A loopback port nothing listens on (yet): an SMTP server that is down.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public static async Task<SmtpTestServer> StartAsync(int? port = null, string? login = null, string? password = null)
    {
        var server = new SmtpTestServer(port ?? FreePort(), login, password);
        // Listening once a connection is accepted.
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, server.Port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"SMTP test server did not listen on 127.0.0.1:{server.Port}");
    }

    /// <summary>Waits (real time, bounded) until at least <paramref name="count"/> messages arrived.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (Received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return [.. Received];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<ReceivedMail> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            received.Enqueue(new ReceivedMail([.. transaction.To.Select(m => $"{m.User}@{m.Host}")], message, message.TextBody ?? ""));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator(string login, string password) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password1, CancellationToken cancellationToken) =>
            Task.FromResult(user == login && password1 == password);
    }
}
