using Berth.Connections.Providers;
using Berth.Connections.Storage;
using Berth.Connections.UseCases;
using Berth.References;
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

    public static ProblemHttpResult Registry(Exception e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Registry request failed", detail: e.Message);

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The problem answering an error of a use case; null for an exception that is a bug (left to the 500 handler).</summary>
    public static IResult? ForException(Exception e) => e switch
    {
        ConnectionValidationException invalid => Invalid(invalid.Errors.GroupBy(x => x.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray(), StringComparer.Ordinal)),
        DuplicateConnectionNameException taken => Conflict(new Dictionary<string, string[]> { ["name"] = [taken.Message] }),
        ConnectionInUseException inUse => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: inUse.Message,
            extensions: new Dictionary<string, object?> { ["dependents"] = inUse.Dependents }),
        UnknownConnectionException unknown => NotFound(unknown.Message),
        PlatformNotFoundException missing => NotFound(missing.Message),
        ReferenceFormatException bad => Invalid("reference", bad.Message),
        Berth.Distribution.RegistryException { StatusCode: System.Net.HttpStatusCode.NotFound } notFound => NotFound(notFound.Message),
        _ when BrowseEndpoints.IsRegistryFailure(e) || e is ConnectionCredentialException => Registry(e),
        _ => null,
    };
}
