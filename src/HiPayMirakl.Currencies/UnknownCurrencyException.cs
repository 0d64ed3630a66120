namespace HiPayMirakl.Currencies;

/// <summary>A currency code that is not an active ISO 4217 code (or not spelt as one): no amount in it can be settled.</summary>
public sealed class UnknownCurrencyException : ArgumentException
{
    public UnknownCurrencyException()
    {
    }

    public UnknownCurrencyException(string? code)
        : base($"'{code}' is not an active ISO 4217 currency code (three upper-case letters from the ISO list).")
    {
        Code = code;
    }

    public UnknownCurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The code as it was received.</summary>
    public string? Code { get; }
}
