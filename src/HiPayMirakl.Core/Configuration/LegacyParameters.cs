using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HiPayMirakl.Core.Configuration;

/// <summary>
/// Reads the predecessor's <c>parameters.yml</c> (single top key <c>parameters</c>, flat dotted keys) and maps every
/// key onto our configuration keys, so an operator of the PHP integration can switch over with the file they have.
/// Values are checked here, where the YAML key is known, so errors name the key the operator wrote.
/// </summary>
public static partial class LegacyParameters
{
    private delegate void Mapper(string key, YamlNode? value, LegacyParametersResult result);

    /// <summary>Every key of the predecessor's parameters.yml.dist, and what it becomes.</summary>
    private static readonly Dictionary<string, Mapper> Mappers = new(StringComparer.Ordinal)
    {
        ["mirakl.frontKey"] = Text("Mirakl:FrontKey"),
        ["mirakl.operatorKey"] = Text("Mirakl:OperatorKey"),
        ["mirakl.baseUrl"] = Url("Mirakl:BaseUrl"),
        ["hipay.wsLogin"] = Text("HiPayWallet:WsLogin"),
        ["hipay.wsPassword"] = Text("HiPayWallet:WsPassword"),
        ["hipay.baseSoapUrl"] = Url("HiPayWallet:BaseSoapUrl"),
        ["hipay.baseUrl"] = Url("HiPayWallet:BaseSoapUrl"),
        ["hipay.baseRestUrl"] = Url("HiPayWallet:BaseRestUrl"),
        ["hipay.transfer.withdraw.rest"] = RestOnly,
        ["hipay.mkp.technical.id"] = Text("HiPayWallet:MarketplaceTechnicalId"),
        ["hipay.entity"] = Text("HiPayWallet:Entity"),
        ["hipay.merchantGroupId"] = Text("HiPayWallet:MerchantGroupId"),
        ["hipay.locale"] = Pattern("HiPayWallet:Locale", LocaleRegex(), "a locale like fr_FR"),
        ["hipay.timezone"] = Pattern("HiPayWallet:TimeZone", TimeZoneRegex(), "a time zone like Europe/Paris"),
        ["default.tmp.path"] = Text("Runtime:TempPath"),
        ["db.driver"] = Remember,
        ["db.host"] = Remember,
        ["db.username"] = Remember,
        ["db.password"] = Remember,
        ["db.name"] = Remember,
        ["db.port"] = Remember,
        ["debug"] = Bool("Alerting:Debug"),
        ["log.file.path"] = Text("Alerting:LogFilePath"),
        ["mail.host"] = Text("Mail:Host"),
        ["mail.port"] = Int("Mail:Port", 1, 65535),
        ["mail.security"] = MailSecurityValue,
        ["mail.username"] = Text("Mail:Username"),
        ["mail.password"] = Text("Mail:Password"),
        ["mail.subject"] = Text("Mail:Subject"),
        ["mail.to"] = List("Mail:To"),
        ["mail.from"] = Text("Mail:From"),
        ["label.public"] = Text("Labels:Public"),
        ["label.private"] = Text("Labels:Private"),
        ["label.withdraw"] = Text("Labels:Withdraw"),
        ["cashout.transactionFilterRegex"] = Ignored("the predecessor ignored it too (a TL01-era filter)"),
        ["cycle.days"] = CycleDays,
        ["cycle.hour"] = Int("Cycle:Hour", 0, 23),
        ["cycle.minute"] = Int("Cycle:Minute", 0, 59),
        ["cycle.interval.before"] = Interval("Cycle:IntervalBefore"),
        ["cycle.interval.after"] = Interval("Cycle:IntervalAfter"),
        ["account.technical.email"] = Text("Accounts:TechnicalEmail"),
        ["account.technical.hipayId"] = Long("Accounts:TechnicalAccountId"),
        ["account.operator.email"] = Text("Accounts:OperatorEmail"),
        ["account.operator.hipayId"] = Long("Accounts:OperatorAccountId"),
        ["email.logger.alert.level"] = Int("Alerting:EmailLevel", 0, 9999),
        ["db.logger.level"] = Int("Alerting:DatabaseLevel", 0, 9999),
        ["dashboard.locale"] = Choice("Dashboard:Locale", "en", "fr"),
        ["github.token"] = Ignored("self-update is replaced by normal deployment"),
        ["country.filter"] = List("Dashboard:CountryFilter"),
    };

    public static IReadOnlyCollection<string> KnownKeys => Mappers.Keys;

    /// <summary>The legacy key that feeds one of our configuration keys, for error messages.</summary>
    public static string? LegacyKeyFor(string configKey) => ReverseMap.Value.GetValueOrDefault(configKey);

    private static readonly Lazy<Dictionary<string, string>> ReverseMap = new(() =>
    {
        var probe = new LegacyParametersResult("probe");
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, mapper) in Mappers)
        {
            var before = probe.Values.Keys.ToHashSet(StringComparer.Ordinal);
            mapper(key, new YamlScalarNode(SampleFor(key)), probe);
            foreach (var added in probe.Values.Keys.Where(k => !before.Contains(k)))
            {
                map.TryAdd(added.Split(':').Length > 2 ? string.Join(':', added.Split(':')[..2]) : added, key);
            }
        }

        map["Database:Provider"] = "db.driver";
        map["Database:ConnectionString"] = "db.host";
        return map;
    });

    public static LegacyParametersResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new ConfigurationException($"{path}: cannot be read ({ex.Message}).");
        }

        return Parse(text, path);
    }

    public static LegacyParametersResult Parse(string yaml, string sourceName = "parameters.yml")
    {
        var result = new LegacyParametersResult(sourceName);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new ConfigurationException($"{sourceName}: not valid YAML at line {ex.Start.Line}: {ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigurationException($"{sourceName}: expected a mapping with the single top key 'parameters'.");
        }

        foreach (var top in root.Children.Keys)
        {
            if (top is not YamlScalarNode { Value: "parameters" })
            {
                result.Errors.Add($"{sourceName}: unknown top-level key '{(top as YamlScalarNode)?.Value}' (only 'parameters' is allowed).");
            }
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("parameters"), out var parametersNode))
        {
            throw new ConfigurationException($"{sourceName}: the top key 'parameters' is missing.");
        }

        if (parametersNode is not YamlMappingNode parameters)
        {
            throw new ConfigurationException($"{sourceName}: 'parameters' must be a mapping of keys to values.");
        }

        foreach (var (keyNode, valueNode) in parameters.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!Mappers.TryGetValue(key, out var mapper))
            {
                result.Errors.Add($"{sourceName}: unknown key '{key}'.");
                continue;
            }

            mapper(key, valueNode, result);
        }

        MapDatabase(result);
        if (result.Errors.Count > 0)
        {
            throw new ConfigurationException(result.Errors);
        }

        return result;
    }

    private static string SampleFor(string key) => key switch
    {
        "hipay.transfer.withdraw.rest" or "debug" => "true",
        "hipay.locale" => "fr_FR",
        "hipay.timezone" => "Europe/Paris",
        "mirakl.baseUrl" or "hipay.baseRestUrl" or "hipay.baseSoapUrl" or "hipay.baseUrl" => "https://x.example",
        "cycle.interval.before" or "cycle.interval.after" => "1 hour",
        "mail.security" => "tls",
        "dashboard.locale" => "en",
        _ => "1",
    };

    private static string? Scalar(string key, YamlNode? node, LegacyParametersResult result)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return IsNull(scalar) ? null : scalar.Value;
            default:
                result.Errors.Add($"{result.Source}: {key}: expected a single value, not a list or mapping.");
                return null;
        }
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static Mapper Text(string target) => (key, node, r) =>
    {
        var v = Scalar(key, node, r);
        if (v is not null)
        {
            r.Set(target, v, key);
        }
    };

    private static Mapper Url(string target) => (key, node, r) =>
    {
        var v = Scalar(key, node, r);
        if (v is null)
        {
            return;
        }

        if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            r.Errors.Add($"{r.Source}: {key}: '{v}' is not an absolute http(s) URL.");
            return;
        }

        r.Set(target, v, key);
    };

    private static Mapper Pattern(string target, Regex regex, string what) => (key, node, r) =>
    {
        var v = Scalar(key, node, r);
        if (v is null)
        {
            return;
        }

        if (!regex.IsMatch(v))
        {
            r.Errors.Add($"{r.Source}: {key}: '{v}' is not {what}.");
            return;
        }

        r.Set(target, v, key);
    };

    private static Mapper Choice(string target, params string[] allowed) => (key, node, r) =>
    {
        var v = Scalar(key, node, r);
        if (v is null)
        {
            return;
        }

        if (!allowed.Contains(v, StringComparer.OrdinalIgnoreCase))
        {
            r.Errors.Add($"{r.Source}: {key}: '{v}' is not one of {string.Join(", ", allowed)}.");
            return;
        }

        r.Set(target, v.ToLowerInvariant(), key);
    };

    private static Mapper Int(string target, int min, int max) => (key, node, r) =>
    {
        var v = Scalar(key, node, r);
        if (v is null)
        {
            return;
        }

        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            r.Errors.Add($"{r.Source}: {key}: '{v}' is not a whole number from {min} to {max}.");
            return;
        }

        r.Set(target, n.ToString(CultureInfo.InvariantCulture), key);
    };

    private static Mapper Long(string target) => (key, node, r) =>
    {
        var v = Scalar(key, node, r);
        if (v is null)
        {
            return;
        }

        if (!long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            r.Errors.Add($"{r.Source}: {key}: '{v}' is not a positive account id.");
            return;
        }

        r.Set(target, n.ToString(CultureInfo.InvariantCulture), key);
    };

    private static Mapper Bool(string target) => (key, node, r) =>
    {
        var v = Scalar(key, node, r);
        if (v is null)
        {
            return;
        }

        if (ParseBool(v) is not { } b)
        {
            r.Errors.Add($"{r.Source}: {key}: '{v}' is not true or false.");
            return;
        }

        r.Set(target, b ? "true" : "false", key);
    };

    private static bool? ParseBool(string v) => v.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => null,
    };

    private static Mapper List(string target) => (key, node, r) =>
    {
        var items = new List<string>();
        switch (node)
        {
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    if (item is YamlScalarNode { Value: { } s } && !string.IsNullOrWhiteSpace(s))
                    {
                        items.Add(s.Trim());
                    }
                    else
                    {
                        r.Errors.Add($"{r.Source}: {key}: list items must be plain values.");
                        return;
                    }
                }

                break;
            default:
                var v = Scalar(key, node, r);
                if (v is not null)
                {
                    items.AddRange(v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                }

                break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            r.Set($"{target}:{i.ToString(CultureInfo.InvariantCulture)}", items[i], key);
        }
    };

    private static void CycleDays(string key, YamlNode? node, LegacyParametersResult r)
    {
        var days = new List<int>();
        IEnumerable<YamlNode> items = node switch
        {
            YamlSequenceNode seq => seq.Children,
            YamlScalarNode s when !IsNull(s) => (s.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => (YamlNode)new YamlScalarNode(x)),
            _ => [],
        };
        foreach (var item in items)
        {
            var text = (item as YamlScalarNode)?.Value;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 31)
            {
                r.Errors.Add($"{r.Source}: {key}: '{text}' is not a day of the month (1-31).");
                return;
            }

            days.Add(day);
        }

        for (var i = 0; i < days.Count; i++)
        {
            r.Set($"Cycle:Days:{i.ToString(CultureInfo.InvariantCulture)}", days[i].ToString(CultureInfo.InvariantCulture), key);
        }
    }

    private static Mapper Interval(string target) => (key, node, r) =>
    {
        var v = Scalar(key, node, r);
        if (v is null)
        {
            return;
        }

        if (ParsePhpInterval(v) is not { } span)
        {
            r.Errors.Add($"{r.Source}: {key}: '{v}' is not an interval like '12 hour' or '1 day'.");
            return;
        }

        r.Set(target, span.ToString("c", CultureInfo.InvariantCulture), key);
    };

    /// <summary>The subset of PHP's DateInterval::createFromDateString used for cycle windows: "12 hour", "1 day 6 hours".</summary>
    public static TimeSpan? ParsePhpInterval(string text)
    {
        var matches = IntervalPartRegex().Matches(text.Trim());
        if (matches.Count == 0 || IntervalPartRegex().Replace(text, "").Trim().Length > 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match m in matches)
        {
            var n = long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += m.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "sec" or "second" => TimeSpan.FromSeconds(n),
                "min" or "minute" => TimeSpan.FromMinutes(n),
                "hour" => TimeSpan.FromHours(n),
                "day" => TimeSpan.FromDays(n),
                "week" => TimeSpan.FromDays(7 * n),
                _ => TimeSpan.Zero,
            };
        }

        return total;
    }

    private static void RestOnly(string key, YamlNode? node, LegacyParametersResult r)
    {
        var v = Scalar(key, node, r);
        if (v is null)
        {
            return;
        }

        switch (ParseBool(v))
        {
            case null:
                r.Errors.Add($"{r.Source}: {key}: '{v}' is not true or false.");
                break;
            case false:
                r.Warnings.Add($"{key}: SOAP transfers are not supported; the REST API is used for transfers and withdrawals.");
                break;
        }
    }

    private static void MailSecurityValue(string key, YamlNode? node, LegacyParametersResult r)
    {
        var v = Scalar(key, node, r);
        var mapped = v?.ToLowerInvariant() switch
        {
            null or "" or "null" or "none" => "None",
            "tls" => "Tls",
            "ssl" => "Ssl",
            _ => null,
        };
        if (mapped is null)
        {
            r.Errors.Add($"{r.Source}: {key}: '{v}' is not one of null, tls, ssl.");
            return;
        }

        r.Set("Mail:Security", mapped, key);
    }

    private static Mapper Ignored(string why) => (key, node, r) =>
    {
        if (Scalar(key, node, r) is not null)
        {
            r.Warnings.Add($"{key} is accepted and ignored: {why}.");
        }
    };

    private static void Remember(string key, YamlNode? node, LegacyParametersResult r) => r.Database[key] = Scalar(key, node, r);

    private static void MapDatabase(LegacyParametersResult r)
    {
        if (!r.Database.TryGetValue("db.driver", out var driver) || driver is null)
        {
            return;
        }

        switch (driver.ToLowerInvariant())
        {
            case "pdo_pgsql":
            case "pgsql":
            case "postgres":
            case "postgresql":
                if (ServerOf(r, driver, 5432) is { } pg)
                {
                    var cs = new Npgsql.NpgsqlConnectionStringBuilder
                    {
                        Host = pg.Host,
                        Port = pg.Port,
                        Database = pg.Name,
                        Username = r.Database.GetValueOrDefault("db.username"),
                        Password = r.Database.GetValueOrDefault("db.password"),
                    };
                    r.Set("Database:Provider", "Postgres", "db.driver");
                    r.Set("Database:ConnectionString", cs.ConnectionString, "db.host");
                }

                break;
            case "pdo_mysql":
            case "mysqli":
            case "mysql":
                if (ServerOf(r, driver, 3306) is { } my)
                {
                    r.Set("Database:Provider", "MySql", "db.driver");
                    r.Set("Database:ConnectionString", MySqlConnectionString(my.Host, my.Port, my.Name, r.Database.GetValueOrDefault("db.username"), r.Database.GetValueOrDefault("db.password")), "db.host");
                }

                break;
            case "pdo_sqlite":
            case "sqlite":
                var file = r.Database.GetValueOrDefault("db.name");
                if (string.IsNullOrWhiteSpace(file))
                {
                    r.Errors.Add($"{r.Source}: db.name: required (the SQLite file path) when db.driver is {driver}.");
                    return;
                }

                r.Set("Database:Provider", "Sqlite", "db.driver");
                r.Set("Database:ConnectionString", "Data Source=" + file, "db.name");
                break;
            default:
                r.Errors.Add($"{r.Source}: db.driver: '{driver}' is not one of pdo_pgsql, pdo_mysql, pdo_sqlite.");
                break;
        }
    }

    /// <summary>A MySQL/MariaDB connection string in utf8mb4 (the predecessor's tables may hold accents).</summary>
    public static string MySqlConnectionString(string host, int port, string database, string? user, string? password)
    {
        var cs = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder
        {
            Server = host,
            Port = (uint)port,
            Database = database,
            UserID = user ?? "",
            Password = password ?? "",
            CharacterSet = "utf8mb4",
        };
        return cs.ConnectionString;
    }

    /// <summary>db.host, db.port and db.name of a server driver, each error naming its key; null when one is wrong.</summary>
    private static (string Host, int Port, string Name)? ServerOf(LegacyParametersResult r, string driver, int defaultPort)
    {
        var host = r.Database.GetValueOrDefault("db.host");
        var name = r.Database.GetValueOrDefault("db.name");
        var port = r.Database.GetValueOrDefault("db.port") ?? defaultPort.ToString(CultureInfo.InvariantCulture);
        var ok = true;
        if (string.IsNullOrWhiteSpace(host))
        {
            r.Errors.Add($"{r.Source}: db.host: required when db.driver is {driver}.");
            ok = false;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            r.Errors.Add($"{r.Source}: db.name: required when db.driver is {driver}.");
            ok = false;
        }

        if (!int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
        {
            r.Errors.Add($"{r.Source}: db.port: '{port}' is not a port number.");
            ok = false;
        }

        return ok ? (host!, p, name!) : null;
    }

    [GeneratedRegex(@"^[a-z]{2}_[A-Z]{2}$")]
    private static partial Regex LocaleRegex();

    [GeneratedRegex(@"^[A-Za-z]+(/[A-Za-z0-9_+\-]+)+$|^UTC$")]
    private static partial Regex TimeZoneRegex();

    [GeneratedRegex(@"\+?(?<n>\d+)\s*(?<unit>sec|second|min|minute|hour|day|week)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex IntervalPartRegex();
}

/// <summary>What a parameters.yml became: configuration values (our keys), warnings, and which legacy key fed each value.</summary>
public sealed class LegacyParametersResult(string source)
{
    public string Source { get; } = source;

    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Origins { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Errors { get; } = [];

    public List<string> Warnings { get; } = [];

    internal Dictionary<string, string?> Database { get; } = new(StringComparer.Ordinal);

    internal void Set(string configKey, string value, string legacyKey)
    {
        Values[configKey] = value;
        Origins[configKey] = legacyKey;
    }
}
