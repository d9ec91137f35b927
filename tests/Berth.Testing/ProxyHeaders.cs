using Microsoft.AspNetCore.Http;

namespace Berth.Testing;

/// <summary>
/// Header handling shared by the test proxies (paging, faults): what a reverse proxy in front of a
/// registry must pass on, and what it must not.
/// </summary>
internal static class ProxyHeaders
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

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
