using System.Data.Common;
using System.Globalization;
using System.Text;
using HiPayMirakl.Core.Configuration;

namespace HiPayMirakl.Core.Features.LegacyImport;

/// <summary>
/// Reads the predecessor's <c>vendors</c>, <c>operations</c> and <c>log_vendors</c> tables, from its MySQL database or
/// from tab-separated exports (<c>mysql --batch</c>: a header line, <c>NULL</c> for null, <c>\t \n \\</c> escaped).
/// Column names are the predecessor's (Doctrine without a naming strategy: miraklId, hipayId, …). Its timestamps carry
/// no zone and are read as UTC.
/// </summary>
public static class LegacyReader
{
    public static readonly string[] Tables = ["vendors", "operations", "log_vendors"];

    /// <summary>The predecessor's database connection from its parameters.yml (db.driver pdo_mysql or mysqli).</summary>
    public static string ConnectionStringFromParameters(string path)
    {
        var parsed = LegacyParameters.Load(path);
        if (!parsed.Values.TryGetValue("Database:Provider", out var provider) || !string.Equals(provider, "MySql", StringComparison.Ordinal)
            || parsed.Values.GetValueOrDefault("Database:ConnectionString") is not { Length: > 0 } connectionString)
        {
            throw new ConfigurationException($"{path}: db.driver: the predecessor's database must be MySQL (pdo_mysql or mysqli) to be read directly; export its tables with mysql --batch and use --from-tsv otherwise.");
        }

        return connectionString;
    }

    public static async Task<LegacyData> FromMySqlAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new MySql.Data.MySqlClient.MySqlConnection(connectionString);
        await connection.OpenAsync(ct);

        // Amounts are DOUBLE there: read as the server's shortest decimal text, never through a binary double.
        var vendors = await QueryAsync(connection, "SELECT * FROM vendors ORDER BY id", ct);
        var operations = await QueryAsync(connection,
            "SELECT *, CAST(amount AS CHAR) AS amount__text, CAST(originAmount AS CHAR) AS originAmount__text, CAST(withdrawnAmount AS CHAR) AS withdrawnAmount__text FROM operations ORDER BY id", ct);
        var logs = await QueryAsync(connection, "SELECT * FROM log_vendors ORDER BY id", ct);
        return Parse(vendors, operations, logs);
    }

    public static async Task<LegacyData> FromTsvAsync(string directory, CancellationToken ct)
    {
        var tables = new List<List<Dictionary<string, string?>>>();
        foreach (var table in Tables)
        {
            var file = Path.Combine(directory, table + ".tsv");
            if (!File.Exists(file))
            {
                throw new ConfigurationException($"--from-tsv: {file} is missing (expected {string.Join(", ", Tables.Select(t => t + ".tsv"))}, each the output of mysql --batch -e 'SELECT * FROM {table}').");
            }

            tables.Add(ParseTsv(await File.ReadAllTextAsync(file, Encoding.UTF8, ct), file));
        }

        return Parse(tables[0], tables[1], tables[2]);
    }

    /// <summary>One <c>mysql --batch</c> output: header line, then one line per row.</summary>
    public static List<Dictionary<string, string?>> ParseTsv(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = lines[0].Split('\t');
        var rows = new List<Dictionary<string, string?>>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = lines[i].Split('\t');
            if (fields.Length != header.Length)
            {
                throw new FormatException(FormattableString.Invariant($"{source}: line {i + 1} has {fields.Length} fields, the header {header.Length}."));
            }

            var row = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < header.Length; c++)
            {
                row[header[c]] = fields[c] == "NULL" ? null : Unescape(fields[c]);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var sb = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 1 < field.Length)
            {
                i++;
                sb.Append(field[i] switch { 't' => '\t', 'n' => '\n', '0' => '\0', _ => field[i] });
            }
            else
            {
                sb.Append(field[i]);
            }
        }

        return sb.ToString();
    }

    private static async Task<List<Dictionary<string, string?>>> QueryAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<Dictionary<string, string?>>();
        while (await reader.ReadAsync(ct))
        {
            var row = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                {
                    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    bool b => b ? "1" : "0",
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture),
                };
            }

            rows.Add(row);
        }

        return rows;
    }

    private static LegacyData Parse(List<Dictionary<string, string?>> vendors, List<Dictionary<string, string?>> operations, List<Dictionary<string, string?>> logs) =>
        new(
            vendors.Select(r => new LegacyVendor(
                Long(r, "vendors", "id"), Long(r, "vendors", "miraklId"), Text(r, "email") ?? "", Long(r, "vendors", "hipayId"),
                OptionalLong(r, "vendors", "hipayUserSpaceId"), Bool(r, "hipayIdentified") ?? false, Text(r, "vatNumber"), Text(r, "callbackSalt"),
                Bool(r, "enabled"), Text(r, "country"), Bool(r, "paymentBlocked") ?? false)).ToList(),
            operations.Select(r => new LegacyOperation(
                Long(r, "operations", "id"), OptionalLong(r, "operations", "miraklId"), OptionalLong(r, "operations", "hipayId"),
                Decimal(r, "operations", "amount") ?? throw Missing("operations", "amount", r),
                Decimal(r, "operations", "originAmount"),
                Date(r, "operations", "cycleDate") ?? throw Missing("operations", "cycleDate", r),
                Text(r, "withdrawId"), Text(r, "transferId"),
                (int)Long(r, "operations", "status"),
                Text(r, "paymentVoucher") ?? "",
                Date(r, "operations", "updatedAt"),
                Decimal(r, "operations", "withdrawnAmount"),
                Text(r, "adjustmentIds") ?? Text(r, "adjustementIds"),
                Text(r, "merchantUniqueId"))).ToList(),
            logs.Select(r => new LegacyVendorLog(
                Long(r, "log_vendors", "id"), Long(r, "log_vendors", "miraklId"), Long(r, "log_vendors", "hipayId"), Text(r, "login"),
                (int)(OptionalLong(r, "log_vendors", "statusWalletAccount") ?? 0), (int)(OptionalLong(r, "log_vendors", "status") ?? 0),
                Text(r, "message"), (int)(OptionalLong(r, "log_vendors", "nbDoc") ?? 0),
                Date(r, "log_vendors", "date") ?? DateTimeOffset.UnixEpoch, Bool(r, "enabled"), Text(r, "country"),
                Bool(r, "paymentBlocked") ?? false)).ToList());

    private static string? Text(Dictionary<string, string?> row, string column) => row.GetValueOrDefault(column) is { Length: > 0 } v ? v : null;

    private static long Long(Dictionary<string, string?> row, string table, string column) =>
        OptionalLong(row, table, column) ?? throw Missing(table, column, row);

    private static long? OptionalLong(Dictionary<string, string?> row, string table, string column)
    {
        if (Text(row, column) is not { } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{table}.{column}: '{text}' is not an integer (row id {row.GetValueOrDefault("id")}).");
    }

    private static decimal? Decimal(Dictionary<string, string?> row, string table, string column)
    {
        if ((Text(row, column + "__text") ?? Text(row, column)) is not { } text)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{table}.{column}: '{text}' is not a number (row id {row.GetValueOrDefault("id")}).");
    }

    private static bool? Bool(Dictionary<string, string?> row, string column) => Text(row, column) switch
    {
        null => null,
        "1" or "true" or "True" or "TRUE" => true,
        _ => false,
    };

    private static DateTimeOffset? Date(Dictionary<string, string?> row, string table, string column)
    {
        if (Text(row, column) is not { } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new FormatException($"{table}.{column}: '{text}' is not a date (row id {row.GetValueOrDefault("id")}).");
    }

    private static FormatException Missing(string table, string column, Dictionary<string, string?> row) =>
        new($"{table}.{column}: missing (row id {row.GetValueOrDefault("id")}).");
}
