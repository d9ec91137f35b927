using Microsoft.AspNetCore.Http;

namespace Berth.Testing;

/// <summary>
/// Forwarding shared by the test proxies (paging, faults): the upstream client, and what a reverse
/// proxy in front of a registry must pass on and what it must not.
/// </summary>
internal static class ProxyForwarding
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    /// <summary>
    /// A client to the registry that passes redirects, cookies and compression through untouched,
    /// so the proxied client sees exactly what the registry sent.
    /// </summary>
    public static HttpClient CreateUpstreamClient(RegistryServer upstream)
    {
        var handler = upstream.CreateHttpHandler();
        if (handler is SocketsHttpHandler sockets)
        {
            sockets.AllowAutoRedirect = false;
            sockets.UseCookies = false;
            sockets.AutomaticDecompression = System.Net.DecompressionMethods.None;
        }

        return new HttpClient(handler) { BaseAddress = upstream.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Copies the client's end-to-end headers onto the upstream request (content headers onto its content).</summary>
    public static void CopyRequestHeaders(HttpRequest request, HttpRequestMessage message)
    {
        foreach (var (key, value) in request.Headers)
        {
            if (HopByHop.Contains(key))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(key, (IEnumerable<string?>)value) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(key, (IEnumerable<string?>)value);
            }
        }

        // The registry builds absolute Location URLs from Host and X-Forwarded-Proto: keep them pointing at the proxy.
        message.Headers.Host = request.Host.Value;
        message.Headers.Remove("X-Forwarded-Proto");
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
    }

    /// <summary>Copies the upstream status and end-to-end headers onto the proxy's response.</summary>
    public static void CopyResponseHead(HttpContext context, HttpResponseMessage response)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(header.Key))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }
    }
}
