using HiPayMirakl.Core.Features.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>The admin API's groups: JSON in and out, refused input as a 400 ProblemDetails naming the field.</summary>
internal static class AdminApi
{
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app, string prefix, string tag)
    {
        var group = app.MapGroup(prefix).WithTags(tag);
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (ApiValidationException ex)
            {
                return Invalid(ex.Field, ex.Message);
            }
            catch (AccessException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: ex.Message);
            }
        });
        return group;
    }

    public static IResult Invalid(string field, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}");

    public static IResult Conflict(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    /// <summary>Who acts, as recorded in logs: the user's e-mail, or <c>apikey:&lt;name&gt;</c>.</summary>
    public static string Actor(HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name ? name : "unknown";
}
