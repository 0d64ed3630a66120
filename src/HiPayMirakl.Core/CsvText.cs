using System.Text;

namespace HiPayMirakl.Core;

/// <summary>
/// CSV as RFC 4180 writes it (comma separated, CRLF line ends, a field quoted when it holds a comma, a quote or a line
/// break, quotes doubled), with one guard more: a cell starting with =, +, -, @ (or a tab or carriage return) is
/// prefixed with an apostrophe, so a spreadsheet opening the file shows the text instead of running it as a formula.
/// </summary>
public static class CsvText
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string Line(IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return string.Join(',', cells.Select(Field)) + "\r\n";
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static byte[] Bytes(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
