using Microsoft.AspNetCore.Http;

namespace Simulator.HiPayWallet;

/// <summary>HTTP status and body of one API answer, decided by the state and written by the endpoint.</summary>
internal sealed record WalletOutcome(int HttpStatus, object Body)
{
    public static WalletOutcome Ok(object body) => new(StatusCodes.Status200OK, body);

    public static WalletOutcome Created(object body) => new(StatusCodes.Status201Created, body);

    /// <summary>The API's normal error style: HTTP 200 with a non-zero code.</summary>
    public static WalletOutcome Business(int code, string message, int? detail = null) =>
        new(StatusCodes.Status200OK, new WalletErrorResponse(code, message, ErrorCodeDetail: detail));

    public static WalletOutcome Validation(string field, string message) =>
        new(StatusCodes.Status400BadRequest, new WalletErrorResponse(400, "Validation Failed", [new WalletFieldError(field, message)]));

    public static WalletOutcome Unauthorized() =>
        new(StatusCodes.Status401Unauthorized, new WalletErrorResponse(401, "Authentication Failed."));
}
