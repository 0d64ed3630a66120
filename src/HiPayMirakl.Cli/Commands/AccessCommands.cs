using System.CommandLine;
using System.Globalization;
using System.Text;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Access;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli.Commands;

/// <summary>
/// <c>user add|passwd|disable|list</c> and <c>apikey create|list|revoke</c>. A password is read from standard input
/// (or <c>--password-file</c>), never taken as an argument that <c>ps</c> would show; an API key is printed once, by
/// <c>apikey create</c>, and never again.
/// </summary>
public static class AccessCommands
{
    public static Command CreateUser(TextWriter output, TextWriter error, TextReader input)
    {
        var add = new Command("add", "Add a user who signs in with e-mail and password, with one role.") { EmailArgument(), RoleOption(), PasswordFileOption() };
        add.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var password = await ReadPasswordAsync(parse, input, error, token);
            var user = await sp.GetRequiredService<UserAdministration>().AddAsync(parse.GetValue<string>("email")!, password, parse.GetValue<string>("--role")!, token);
            await WriteUserAsync(parse, output, user, "added");
        }, ct));

        var passwd = new Command("passwd", "Set a user's password (its open sessions end).") { EmailArgument(), PasswordFileOption() };
        passwd.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var password = await ReadPasswordAsync(parse, input, error, token);
            var user = await sp.GetRequiredService<UserAdministration>().SetPasswordAsync(parse.GetValue<string>("email")!, password, token);
            await WriteUserAsync(parse, output, user, "password changed");
        }, ct));

        var disable = new Command("disable", "Disable a user: it can no longer sign in and its open sessions end.") { EmailArgument() };
        disable.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var user = await sp.GetRequiredService<UserAdministration>().DisableAsync(parse.GetValue<string>("email")!, token);
            await WriteUserAsync(parse, output, user, "disabled");
        }, ct));

        var list = new Command("list", "The users, their role and state.") ;
        list.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var users = await sp.GetRequiredService<UserAdministration>().ListAsync(token);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(users);
            printer.Table("Users", [new("ID", Numeric: true), new("E-mail"), new("Role"), new("Created"), new("Disabled"), new("Locked until")],
                users.Select(u => (IReadOnlyList<object?>)[u.Id, u.Email, u.Role ?? "-", Time(u.CreatedAt), Time(u.DisabledAt), Time(u.LockedOutUntil)]));
        }, ct));

        return new Command("user", "People who sign in to the admin API and the dashboard.") { add, passwd, disable, list };
    }

    public static Command CreateApiKey(TextWriter output, TextWriter error)
    {
        var name = new Option<string>("--name") { Description = "What the key is for (e.g. the client's name).", Required = true };
        var create = new Command("create", "Create an API key for a machine client; the key is printed once, only here.") { name, RoleOption() };
        create.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var created = await sp.GetRequiredService<ApiKeyService>().CreateAsync(parse.GetValue(name)!, parse.GetValue<string>("--role")!, Environment.UserName, token);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new { id = created.Row.Id, name = created.Row.Name, role = created.Row.Role, key = created.Key });
            printer.Line(string.Create(CultureInfo.InvariantCulture,
                $"API key {created.Row.Id} \"{created.Row.Name}\" ({created.Row.Role}) created. Copy it now: it is stored hashed and cannot be shown again."));
            printer.Line(created.Key);
        }, ct));

        var list = new Command("list", "The API keys: id, name, role, created, last used, revoked (never the key).") ;
        list.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var keys = await sp.GetRequiredService<ApiKeyService>().ListAsync(token);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(keys.Select(k => new { k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt }));
            printer.Table("API keys", [new("ID", Numeric: true), new("Name"), new("Role"), new("Prefix"), new("Created"), new("Last used"), new("Revoked")],
                keys.Select(k => (IReadOnlyList<object?>)[k.Id, k.Name, k.Role, k.Prefix, Time(k.CreatedAt), Time(k.LastUsedAt), Time(k.RevokedAt)]));
        }, ct));

        var id = new Argument<long>("id") { Description = "The key's id (apikey list)." };
        var revoke = new Command("revoke", "Revoke an API key: every later request with it is refused (401).") { id };
        revoke.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var key = await sp.GetRequiredService<ApiKeyService>().RevokeAsync(parse.GetValue(id), token);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new { key.Id, key.Name, key.RevokedAt });
            printer.Line(string.Create(CultureInfo.InvariantCulture, $"API key {key.Id} \"{key.Name}\" revoked at {Time(key.RevokedAt)}."));
        }, ct));

        return new Command("apikey", "API keys for machine clients (Authorization: Bearer <key>, or X-Api-Key).") { create, list, revoke };
    }

    private static Argument<string> EmailArgument() => new("email") { Description = "The user's e-mail (also its user name)." };

    private static Option<string> RoleOption() => new("--role")
    {
        Description = $"One of {string.Join(", ", ConnectorRoles.All)}.",
        Required = true,
    };

    private static Option<FileInfo?> PasswordFileOption() => new("--password-file")
    {
        Description = "Read the password from this file's first line instead of standard input.",
    };

    private static async Task<int> RunAsync(ParseResult parse, TextWriter error, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken ct)
    {
        var settings = CliApp.LoadConfiguration(parse).Settings;
        ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.Database);
        await using var provider = new ServiceCollection().AddLogging(l => l.AddConnectorDefaults(settings)).AddConnectorCore(settings).BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        try
        {
            await work(scope.ServiceProvider, ct);
            return CliApp.ExitOk;
        }
        catch (AccessException ex)
        {
            await error.WriteLineAsync("error: " + CliApp.OneLine(ex.Message));
            return CliApp.ExitFailure;
        }
    }

    /// <summary>The password's first line, from <c>--password-file</c>, or standard input (not echoed on a terminal).</summary>
    private static async Task<string> ReadPasswordAsync(ParseResult parse, TextReader input, TextWriter error, CancellationToken ct)
    {
        string? line;
        if (parse.GetValue<FileInfo?>("--password-file") is { } file)
        {
            if (!file.Exists)
            {
                throw new AccessException($"--password-file {file.FullName} does not exist");
            }

            using var reader = file.OpenText();
            line = await reader.ReadLineAsync(ct);
        }
        else if (ReferenceEquals(input, Console.In) && !Console.IsInputRedirected)
        {
            await error.WriteAsync("Password: ");
            line = ReadHidden();
            await error.WriteLineAsync();
        }
        else
        {
            line = await input.ReadLineAsync(ct);
        }

        return string.IsNullOrEmpty(line) ? throw new AccessException("no password given (standard input or --password-file)") : line;
    }

    private static string ReadHidden()
    {
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        return text.ToString();
    }

    private static Task WriteUserAsync(ParseResult parse, TextWriter output, UserView user, string what)
    {
        var printer = CliOutput.For(parse, output);
        printer.WriteJson(user);
        printer.Line(string.Create(CultureInfo.InvariantCulture, $"user {user.Id} {user.Email} ({user.Role ?? "no role"}) {what}."));
        return Task.CompletedTask;
    }

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "-";
}
