using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>One page of a list: its rows, where it is, and how many rows match in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>A query parameter or body field the admin API refuses; answered 400 with the field named.</summary>
public sealed class ApiValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary><c>page</c> (from 1) and <c>pageSize</c> (1 to 500, 50 by default) of every admin list.</summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static async Task<Page<TView>> PageAsync<TRow, TView>(IQueryable<TRow> ordered, int? page, int? pageSize, Func<TRow, TView> view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (number, size) = Validate(page, pageSize);
        var total = await ordered.CountAsync(ct);
        var rows = await ordered.Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<TView>([.. rows.Select(view)], number, size, total);
    }

    /// <summary>A page of a short list already in memory.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> rows, int? page, int? pageSize)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (number, size) = Validate(page, pageSize);
        return new Page<T>([.. rows.Skip((number - 1) * size).Take(size)], number, size, rows.Count);
    }

    private static (int Number, int Size) Validate(int? page, int? pageSize)
    {
        var number = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (number < 1)
        {
            throw new ApiValidationException("page", "page starts at 1.");
        }

        if (size is < 1 or > MaxPageSize)
        {
            throw new ApiValidationException("pageSize", string.Create(CultureInfo.InvariantCulture, $"pageSize must be between 1 and {MaxPageSize}."));
        }

        return (number, size);
    }

    /// <summary>An enum filter given by name (case-insensitive); null when absent.</summary>
    public static TEnum? ParseEnum<TEnum>(string? text, string field) where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
                ? value
                : throw new ApiValidationException(field, $"{field} '{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
}
