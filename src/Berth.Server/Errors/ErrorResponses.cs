using System.Text.Json;
using Berth.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Berth.Server.Errors;

/// <summary>
/// The server's one mapping from an error to what a caller sees: an HTTP problem for the API, a sentence for the
/// dashboard. The category decides, and the origin tells the API's own caller apart from a peer Berth spoke to on the
/// caller's behalf: a registry refusing a connection's credentials is a 502 naming the registry, never the caller's 401.
/// </summary>
internal static class ErrorResponses
{
    /// <summary>An error as the mapping sees it: what kind, and whose.</summary>
    public readonly record struct Classified(ErrorCategory Category, ErrorOrigin Origin, string Message, TimeSpan? RetryAfter);

    /// <summary>
    /// Berth's own errors by their category and origin; the platform's failures while talking to a registry (a dropped
    /// connection, a body that stopped, JSON that does not parse) as the registry's. Null for anything else: a bug.
    /// </summary>
    public static Classified? Classify(Exception error) => error switch
    {
        BerthException e => new(e.Category, e.Origin, e.Message, e.RetryAfter),
        HttpRequestException or IOException => new(ErrorCategory.Unreachable, ErrorOrigin.Registry, error.Message, null),
        JsonException => new(ErrorCategory.Failed, ErrorOrigin.Registry, error.Message, null),
        _ => null,
    };

    /// <summary>True for an error the mapping answers (see <see cref="Classify"/>).</summary>
    public static bool IsExpected(Exception error) => Classify(error) is not null;

    /// <summary>
    /// Category → status. The caller's own request: usage 400, unauthenticated 401, denied 403, not found 404,
    /// conflict 409, failed 500. A peer's answer: not found is still 404 (the thing asked for is not there), transient
    /// is still 503, and everything else is 502 Bad Gateway, its category carried in the problem.
    /// </summary>
    public static int Status(ErrorCategory category, ErrorOrigin origin) => (category, origin == ErrorOrigin.Local) switch
    {
        (ErrorCategory.Usage, _) => StatusCodes.Status400BadRequest,
        (ErrorCategory.NotFound, _) => StatusCodes.Status404NotFound,
        (ErrorCategory.Conflict, _) => StatusCodes.Status409Conflict,
        (ErrorCategory.Transient, _) => StatusCodes.Status503ServiceUnavailable,
        (ErrorCategory.Unreachable, _) => StatusCodes.Status502BadGateway,
        (ErrorCategory.Unauthenticated, true) => StatusCodes.Status401Unauthorized,
        (ErrorCategory.Denied, true) => StatusCodes.Status403Forbidden,
        (ErrorCategory.Failed, true) => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status502BadGateway,
    };

    /// <summary>The problem's title: the standard phrase for the caller's own errors, the party and what it did for a peer's.</summary>
    public static string Title(ErrorCategory category, ErrorOrigin origin) => origin == ErrorOrigin.Local
        ? ReasonPhrases.GetReasonPhrase(Status(category, origin))
        : $"{Party(origin)} {category switch
        {
            ErrorCategory.Unauthenticated => "refused the credentials",
            ErrorCategory.Denied => "denied access",
            ErrorCategory.NotFound => "does not have it",
            ErrorCategory.Unreachable => "could not be reached",
            ErrorCategory.Transient => "is busy or briefly failing",
            _ => "request failed",
        }}";

    /// <summary>
    /// The RFC 9457 problem for an error: status, title, the message as detail, its category and origin; field errors
    /// as <c>errors</c> (per field, as validation problems have them) and the dependents that blocked a removal.
    /// </summary>
    public static ProblemDetails Problem(Exception exception, Classified error)
    {
        var problem = FieldErrors(exception) is { } fields ? new HttpValidationProblemDetails(fields) : new ProblemDetails();
        if (exception is Connections.UseCases.ConnectionInUseException inUse)
        {
            problem.Extensions["dependents"] = inUse.Dependents;
        }

        Describe(problem, error);
        return problem;
    }

    /// <inheritdoc cref="Problem(Exception, Classified)"/>
    public static ProblemDetails Problem(Classified error)
    {
        var problem = new ProblemDetails();
        Describe(problem, error);
        return problem;
    }

    private static Dictionary<string, string[]>? FieldErrors(Exception exception) => exception switch
    {
        Connections.Providers.ConnectionValidationException invalid => invalid.Errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
        Connections.PullSecrets.PullSecretTargetValidationException invalid => invalid.Errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
        Connections.Storage.DuplicateConnectionNameException taken => new Dictionary<string, string[]>(StringComparer.Ordinal) { ["name"] = [taken.Message] },
        Connections.Replication.ReplicationValidationException invalid => invalid.Errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
        Connections.Replication.DuplicateReplicationNameException taken => new Dictionary<string, string[]>(StringComparer.Ordinal) { ["name"] = [taken.Message] },
        _ => null,
    };

    private static void Describe(ProblemDetails problem, Classified error)
    {
        problem.Status = Status(error.Category, error.Origin);
        problem.Title = Title(error.Category, error.Origin);
        problem.Detail = error.Message;
        problem.Extensions["category"] = JsonNamingPolicy.CamelCase.ConvertName(error.Category.ToString());
        problem.Extensions["origin"] = JsonNamingPolicy.CamelCase.ConvertName(error.Origin.ToString());
        if (RetryAfterSeconds(error) is { } seconds)
        {
            problem.Extensions["retryAfter"] = seconds;
        }
    }

    /// <summary>Whole seconds to put in <c>Retry-After</c>, for a transient error whose peer said how long to wait.</summary>
    public static long? RetryAfterSeconds(Classified error) =>
        error is { Category: ErrorCategory.Transient, RetryAfter: { } wait } ? (long)Math.Ceiling(wait.TotalSeconds) : null;

    /// <summary>
    /// What the dashboard shows for an error: one sentence saying what happened and who did it, then the error's own
    /// message (which names the thing and the fix). Plain text; the page encodes it.
    /// </summary>
    public static string DashboardMessage(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Classify(error) is not { } e)
        {
            return $"Something went wrong: {error.Message}";
        }

        var party = Party(e.Origin).ToLowerInvariant();
        var lead = (e.Category, e.Origin == ErrorOrigin.Local) switch
        {
            (ErrorCategory.Usage, _) => "That request is not valid.",
            (ErrorCategory.NotFound, true) => "Not found.",
            (ErrorCategory.NotFound, false) => $"The {party} does not have it.",
            (ErrorCategory.Conflict, _) => "That clashes with what already exists.",
            (ErrorCategory.Unauthenticated, true) => "Sign in again.",
            (ErrorCategory.Unauthenticated, false) => $"The {party} refused the credentials.",
            (ErrorCategory.Denied, true) => "You are not allowed to do that.",
            (ErrorCategory.Denied, false) => $"The {party} denied access.",
            (ErrorCategory.Unreachable, _) => $"The {party} could not be reached.",
            (ErrorCategory.Transient, _) => RetryAfterSeconds(e) is { } s
                ? $"The {party} is busy; try again in {s} s."
                : $"The {party} is busy; try again shortly.",
            (ErrorCategory.Failed, true) => "That did not work.",
            _ => $"The {party} request failed.",
        };
        return $"{lead} {e.Message}";
    }

    private static string Party(ErrorOrigin origin) => origin switch
    {
        ErrorOrigin.Registry => "Registry",
        ErrorOrigin.TokenService => "Token service",
        ErrorOrigin.ProviderApi => "Provider API",
        _ => "Berth",
    };
}
