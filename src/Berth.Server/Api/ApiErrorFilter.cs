using Berth.Connections.Providers;
using Berth.Connections.Storage;
using Berth.Connections.UseCases;
using Berth.References;

namespace Berth.Server.Api;

/// <summary>
/// Turns the use cases' errors into problem responses for every API endpoint, so endpoints hold no error
/// handling: field errors → 400 with <c>errors</c>, unknown connection → 404, taken name or dependents → 409,
/// failures at a registry, token service or provider API → 502 naming that party.
/// </summary>
internal sealed class ApiErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (Problems.ForException(e) is { } problem)
        {
            return problem;
        }
    }
}
