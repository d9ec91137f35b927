using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Cli.Remote;

/// <summary>
/// A Berth server's REST API for the commands whose work runs on the server (replication runs live in its job
/// engine): <c>--server</c>/<c>BERTH_SERVER_URL</c> and <c>--token</c>/<c>BERTH_TOKEN</c>. The token is sent only to
/// that server and never printed.
/// </summary>
internal sealed class ServerApi : IDisposable
{
    public const string ServerVariable = "BERTH_SERVER_URL";
    public const string TokenVariable = "BERTH_TOKEN";

    private readonly HttpClient _http;

    private ServerApi(Uri baseUri, string token)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("berth-cli");
    }

    /// <exception cref="UsageException">No server or token was given, or the URL is not http(s).</exception>
    public static ServerApi Open(string? server, string? token)
    {
        server = string.IsNullOrWhiteSpace(server) ? Environment.GetEnvironmentVariable(ServerVariable) : server;
        token = string.IsNullOrWhiteSpace(token) ? Environment.GetEnvironmentVariable(TokenVariable) : token;
        if (string.IsNullOrWhiteSpace(server) || string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException($"this command runs on a Berth server: give --server URL and --token TOKEN, or set {ServerVariable} and {TokenVariable}");
        }

        if (!Uri.TryCreate(server.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server must be an http:// or https:// URL, got '{server}'");
        }

        return new ServerApi(uri, token.Trim());
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, string? body, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, body, ct).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, answer, ct).ConfigureAwait(false)
                ?? throw new ServerRequestException(response.StatusCode, $"the server at {_http.BaseAddress} answered {path} with an empty body");
        }
    }

    /// <summary>
    /// Every row of a paged list: GETs <paramref name="path"/>, then each <c>Link: &lt;…&gt;; rel="next"</c> page the
    /// server names, on this server only (the token never goes anywhere else).
    /// </summary>
    public async Task<List<T>> GetAllPagesAsync<T>(string path, JsonTypeInfo<List<T>> page, CancellationToken ct)
    {
        var all = new List<T>();
        Uri? next = new(_http.BaseAddress!, path);
        while (next is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, next.PathAndQuery.TrimStart('/'), null, ct, absolute: next).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var rows = await JsonSerializer.DeserializeAsync(stream, page, ct).ConfigureAwait(false) ?? [];
                all.AddRange(rows);
                next = rows.Count == 0 ? null : NextPage(response, next);
            }
        }

        return all;
    }

    private Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length > 1 && parts[0].StartsWith('<') && parts[0].EndsWith('>')
                && parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next")
                && Uri.TryCreate(current, parts[0][1..^1], out var next))
            {
                return Uri.Compare(next, _http.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                    ? next
                    : throw new ServerRequestException(response.StatusCode, $"the Berth server at {_http.BaseAddress} named a next page on another server ({next.GetLeftPart(UriPartial.Authority)}); not following it");
            }
        }

        return null;
    }

    public async Task SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, null, ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, CancellationToken ct, Uri? absolute = null)
    {
        using var request = new HttpRequestMessage(method, absolute ?? new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ServerUnreachableException($"cannot reach the Berth server at {_http.BaseAddress}: {e.Message}; check --server / {ServerVariable}", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new ServerRequestException(response.StatusCode, $"the Berth server refused {method} {path} ({(int)response.StatusCode}): {Detail(text)}");
        }
    }

    private static string Detail(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return text.Length > 300 ? text[..300] : text;
    }
}
