using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Berth.Connections.UseCases;
using Berth.Errors;
using Berth.Transport;

namespace Berth.Cli.Remote;

/// <summary>
/// Asks a Berth server for credentials (remote mode): <c>GET /api/v1/credentials/resolve</c> and <c>/servers</c> with
/// the login's bearer token. Connections go through the same <see cref="AddressPolicy"/> as every other peer (no
/// link-local or metadata address); answers are bounded; every failure names the server and what to do.
/// </summary>
internal sealed class RemoteClient : IDisposable
{
    /// <summary>A credential answer is a few hundred bytes; anything this large is not a Berth server.</summary>
    private const int MaxAnswerBytes = 1024 * 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    public RemoteClient(RemoteLogin login, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(login);
        Login = login;
        handler ??= new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = AddressPolicy.Default.ConnectAsync,
        };
        _http = new HttpClient(new UserAgentHandler(UserAgent) { InnerHandler = handler }) { BaseAddress = login.Server, Timeout = Timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.Token);
    }

    public RemoteLogin Login { get; }

    private static string UserAgent => "berth/" + (typeof(RemoteClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>The credential for a server address (host, or host/repository); null when no registry serves it.</summary>
    public async Task<ResolvedCredential?> ResolveAsync(string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var (status, body) = await GetAsync("api/v1/credentials/resolve?server=" + Uri.EscapeDataString(server.Trim()), cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound)
        {
            return null;
        }

        var answer = Parse(body, Berth.Connections.UseCases.UseCaseJsonContext.Default.CredentialAnswer);
        try
        {
            return answer.ToResolved();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Malformed(e.Message);
        }
    }

    /// <summary>Registry host → username for every registry the token may use.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServersAsync(CancellationToken cancellationToken)
    {
        var (_, body) = await GetAsync("api/v1/credentials/servers", cancellationToken).ConfigureAwait(false);
        return Parse(body, Berth.Connections.UseCases.UseCaseJsonContext.Default.IReadOnlyDictionaryStringString);
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> GetAsync(string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteServerException(ErrorCategory.Unreachable,
                $"the Berth server at {Login.ServerText} could not be reached ({Reason(e)}); check that it is running and that the URL is right ({Fix})", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteServerException(ErrorCategory.Unreachable,
                $"the Berth server at {Login.ServerText} did not answer within {Timeout.TotalSeconds:0} seconds; check that it is running and reachable ({Fix})", e);
        }

        using (response)
        {
            var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (status, body);
            }

            var detail = Detail(body);
            if (status == HttpStatusCode.NotFound && detail is not null && detail.StartsWith(NoRegistryServes, StringComparison.Ordinal))
            {
                return (status, body);
            }

            throw status switch
            {
                HttpStatusCode.Unauthorized => new RemoteServerException(ErrorCategory.Unauthenticated,
                    $"the Berth server at {Login.ServerText} refused the API token (unknown or revoked); log in again with a valid token: 'berth login {Login.ServerText}' or set {RemoteLogin.TokenVariable}"),
                HttpStatusCode.Forbidden => new RemoteServerException(ErrorCategory.Denied,
                    $"the Berth server at {Login.ServerText} does not allow this token: {detail ?? "forbidden"}"),
                HttpStatusCode.TooManyRequests => new RemoteServerException(ErrorCategory.Transient,
                    $"the Berth server at {Login.ServerText} is throttling requests: {detail ?? "429 Too Many Requests"}")
                { RetryAfter = response.Headers.RetryAfter?.Delta },
                HttpStatusCode.BadRequest => new RemoteServerException(ErrorCategory.Usage, $"the Berth server at {Login.ServerText} refused the request: {detail ?? "400 Bad Request"}"),
                HttpStatusCode.NotFound => new RemoteServerException(ErrorCategory.Failed,
                    $"{Login.ServerText} has no Berth credentials API (404 for /{path.Split('?')[0]}); check the URL ({Fix}) and that the server runs a Berth version with remote mode"),
                _ => new RemoteServerException((int)status >= 500 ? ErrorCategory.Transient : ErrorCategory.Failed,
                    $"the Berth server at {Login.ServerText} answered {(int)status} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}"),
            };
        }
    }

    private static string Fix => $"'berth login URL' or {RemoteLogin.ServerVariable}";

    /// <summary>How the resolve endpoint's 404 starts, told apart from a server without that endpoint.</summary>
    public const string NoRegistryServes = "no registry of this organization serves ";

    private static string Reason(HttpRequestException e) =>
        e.InnerException is { } inner && inner.Message.Length > 0 ? inner.Message : e.Message;

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxAnswerBytes)
        {
            throw TooLarge();
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private RemoteServerException TooLarge() =>
        new(ErrorCategory.Failed, $"{Login.ServerText} answered with more than {MaxAnswerBytes / 1024} KiB, which no Berth credentials answer is; check the URL ({Fix})");

    private T Parse<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw Malformed("empty answer");
        }
        catch (JsonException e)
        {
            throw Malformed(e.Message);
        }
    }

    private RemoteServerException Malformed(string why) =>
        new(ErrorCategory.Failed, $"{Login.ServerText} did not answer as a Berth server does ({why}); check the URL ({Fix})");

    private static string? Detail(byte[] body)
    {
        try
        {
            var problem = JsonSerializer.Deserialize(body, RemoteJsonContext.Default.ServerProblem);
            return string.IsNullOrWhiteSpace(problem?.Detail) ? problem?.Title : problem.Detail;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
