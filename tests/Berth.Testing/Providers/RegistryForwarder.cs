using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Providers;

/// <summary>
/// Streams one request to a real registry and its answer back, for the provider fronts: everything passes as it
/// is except <c>Location</c>, which <paramref name="rewriteLocation"/> may move (a path prefix the registry does not know).
/// </summary>
internal sealed class RegistryForwarder(RegistryServer upstream) : IDisposable
{
    private readonly HttpClient _client = ProxyForwarding.CreateUpstreamClient(upstream);

    public RegistryServer Upstream => upstream;

    public HttpClient Client => _client;

    public async Task ForwardAsync(HttpContext context, string pathAndQuery, Func<string, string>? rewriteLocation = null)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(upstream.BaseUri, pathAndQuery));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(request.Body);
        }

        ProxyForwarding.CopyRequestHeaders(request, message);
        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        ProxyForwarding.CopyResponseHead(context, response);
        if (rewriteLocation is not null && response.Headers.Location is { } location)
        {
            context.Response.Headers.Location = rewriteLocation(location.OriginalString);
        }

        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    public void Dispose() => _client.Dispose();
}
