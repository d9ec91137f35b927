namespace Berth.Transport;

/// <summary>Names Berth in every request, as registries and their operators expect.</summary>
public sealed class UserAgentHandler(string userAgent) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
