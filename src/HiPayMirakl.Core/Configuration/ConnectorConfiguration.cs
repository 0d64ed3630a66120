using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace HiPayMirakl.Core.Configuration;

/// <summary>Where configuration comes from, lowest precedence first.</summary>
public sealed record ConfigurationSources
{
    /// <summary>Directory holding appsettings.json (defaults to the current directory, then the app's base directory).</summary>
    public string? BaseDirectory { get; init; }

    public string Environment { get; init; } = "Production";

    /// <summary>A predecessor parameters.yml; when null, ./parameters.yml and ./config/parameters.yml are used if present.</summary>
    public string? ParametersFile { get; init; }

    /// <summary>Extra JSON file (e.g. --config path).</summary>
    public string? ExtraJsonFile { get; init; }

    public IDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    public bool IncludeEnvironmentVariables { get; init; } = true;
}

/// <summary>The loaded configuration: raw (for the host), bound settings, and what was read from where.</summary>
public sealed class ConnectorConfiguration
{
    public const string EnvironmentPrefix = "HIPAYMIRAKL_";

    private ConnectorConfiguration(IConfigurationRoot root, ConnectorSettings settings, IReadOnlyList<string> files, IReadOnlyList<string> warnings)
    {
        Root = root;
        Settings = settings;
        Files = files;
        Warnings = warnings;
    }

    public IConfigurationRoot Root { get; }

    public ConnectorSettings Settings { get; }

    public IReadOnlyList<string> Files { get; }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>appsettings.json → appsettings.{env}.json → appsettings.{env}.local.json → parameters.yml → extra file → HIPAYMIRAKL_* variables → overrides.</summary>
    public static ConnectorConfiguration Load(ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var files = new List<string>();
        var warnings = new List<string>();
        var baseDir = sources.BaseDirectory ?? FindBaseDirectory();
        var builder = new ConfigurationBuilder().SetBasePath(baseDir);

        foreach (var name in new[] { "appsettings.json", $"appsettings.{sources.Environment}.json", $"appsettings.{sources.Environment}.local.json" })
        {
            var path = Path.Combine(baseDir, name);
            if (File.Exists(path))
            {
                builder.AddJsonFile(path, optional: false, reloadOnChange: false);
                files.Add(path);
            }
        }

        var parameters = sources.ParametersFile ?? new[] { "parameters.yml", Path.Combine("config", "parameters.yml") }
            .Select(p => Path.GetFullPath(p))
            .FirstOrDefault(File.Exists);
        if (parameters is not null)
        {
            if (!File.Exists(parameters))
            {
                throw new ConfigurationException($"{parameters}: file not found.");
            }

            var legacy = LegacyParameters.Load(parameters);
            builder.AddInMemoryCollection(legacy.Values);
            files.Add(parameters);
            warnings.AddRange(legacy.Warnings);
        }

        if (sources.ExtraJsonFile is { } extra)
        {
            var full = Path.GetFullPath(extra);
            if (!File.Exists(full))
            {
                throw new ConfigurationException($"{extra}: file not found.");
            }

            if (full.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            {
                var legacy = LegacyParameters.Load(full);
                builder.AddInMemoryCollection(legacy.Values);
                warnings.AddRange(legacy.Warnings);
            }
            else
            {
                builder.AddJsonFile(full, optional: false, reloadOnChange: false);
            }

            files.Add(full);
        }

        if (sources.IncludeEnvironmentVariables)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }

        builder.AddInMemoryCollection(sources.Overrides);

        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (InvalidDataException ex)
        {
            throw new ConfigurationException(ex.Message);
        }
        catch (FormatException ex)
        {
            throw new ConfigurationException(ex.Message);
        }

        var settings = ConnectorSettings.Bind(root);
        return new ConnectorConfiguration(root, settings, files, warnings);
    }

    private static string FindBaseDirectory()
    {
        var cwd = Directory.GetCurrentDirectory();
        if (File.Exists(Path.Combine(cwd, "appsettings.json")))
        {
            return cwd;
        }

        return AppContext.BaseDirectory;
    }

    /// <summary>Every effective value, secrets masked: what `config check` prints.</summary>
    public IEnumerable<(string Key, string Value)> Describe()
    {
        foreach (var (section, options) in Settings.Sections())
        {
            foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var value = property.GetValue(options);
                var secret = property.GetCustomAttribute<SecretAttribute>() is not null;
                string shown;
                if (secret)
                {
                    shown = value is string s && s.Length > 0 ? "***" : "(not set)";
                    if (property.Name == nameof(DatabaseOptions.ConnectionString) && value is string cs && cs.Length > 0)
                    {
                        shown = Persistence.ConnectorDatabase.Describe(Settings.Database.Provider, cs);
                    }
                }
                else
                {
                    shown = value switch
                    {
                        null => "(not set)",
                        string { Length: 0 } => "(not set)",
                        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object>()) + "]",
                        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                        _ => value.ToString() ?? "",
                    };
                }

                yield return ($"{section}:{property.Name}", shown);
            }
        }
    }
}
