using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary>RFC 7807 answers shared by the endpoints.</summary>
internal static class Problems
{
    public static ProblemHttpResult RegistryNotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"there is no registry named '{name}'");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static ProblemHttpResult Conflict(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = string.Join("; ", errors.SelectMany(e => e.Value)),
        });

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
