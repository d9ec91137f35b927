using System.Net;
using System.Text;

namespace Berth.Core.Tests.Distribution;

/// <summary>
/// A scripted HTTP peer for what a real registry cannot show (429 with Retry-After, cross-host
/// redirects, odd challenges). Records every request with the Authorization it carried.
/// </summary>
internal sealed class ScriptedHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<(HttpMethod Method, Uri Uri, string? Authorization)> _requests = [];

    public IReadOnlyList<(HttpMethod Method, Uri Uri, string? Authorization)> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int index;
        lock (_requests)
        {
            index = _requests.Count;
            _requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        }

        var response = respond(request, index);
        response.RequestMessage ??= request;
        return Task.FromResult(response);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode status, params (string Name, string Value)[] headers) =>
        Json(status, "", headers);
}
