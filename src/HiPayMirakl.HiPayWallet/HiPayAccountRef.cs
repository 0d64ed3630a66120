using System.Globalization;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// The wallet a call acts on behalf of: sent as <c>php-auth-subaccount-id</c> or
/// <c>php-auth-subaccount-login</c> (login or e-mail). No reference means the technical account itself.
/// </summary>
public readonly record struct HiPayAccountRef
{
    private HiPayAccountRef(long? accountId, string? login)
    {
        AccountId = accountId;
        Login = login;
    }

    public long? AccountId { get; }

    public string? Login { get; }

    public static HiPayAccountRef ById(long accountId) =>
        accountId > 0 ? new HiPayAccountRef(accountId, null) : throw new ArgumentOutOfRangeException(nameof(accountId), "A HiPay account id is positive.");

    public static HiPayAccountRef ByLogin(string login) =>
        !string.IsNullOrWhiteSpace(login) ? new HiPayAccountRef(null, login.Trim()) : throw new ArgumentException("A login is required.", nameof(login));

    public override string ToString() =>
        AccountId is { } id ? "account " + id.ToString(CultureInfo.InvariantCulture) : "login " + Login;
}
