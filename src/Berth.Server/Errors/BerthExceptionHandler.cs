using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace Berth.Server.Errors;

/// <summary>
/// Answers every error the mapping knows (<see cref="ErrorResponses.Classify"/>) that escapes an endpoint with its
/// problem, and <c>Retry-After</c> when a peer said how long to wait. Anything else is left to the default handler (500).
/// </summary>
internal sealed class BerthExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (ErrorResponses.Classify(exception) is not { } error || httpContext.Response.HasStarted)
        {
            return false;
        }

        var problem = ErrorResponses.Problem(exception, error);
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (ErrorResponses.RetryAfterSeconds(error) is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
        }).ConfigureAwait(false);
    }
}
