using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Errors;
using Berth.Transport;

namespace Berth.Auth;

/// <summary>
/// Fetches bearer tokens from a registry's token service (Docker token auth and its OAuth2 variant).
/// </summary>
/// <param name="http">The token service's handler chain.</param>
/// <param name="time">The clock that dates tokens.</param>
/// <param name="maxReplyBytes">The largest reply read; more fails naming the token service and the limit.</param>
/// <param name="stallTimeout">The longest the reply may send nothing before the fetch fails; null never gives up on silence.</param>
public sealed class TokenClient(HttpMessageInvoker http, TimeProvider time, long maxReplyBytes = 1024 * 1024, TimeSpan? stallTimeout = null)
{
    // Docker's rule: a token that does not say how long it lives is good for 60 seconds, and none less.
    private static readonly TimeSpan MinimumLifetime = TimeSpan.FromSeconds(60);

    public async Task<BearerToken> FetchAsync(string registry, Uri registryUri, AuthChallenge challenge,
        RegistryCredential credential, IReadOnlyList<AccessScope> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(registryUri);
        if (credential.RegistryToken is { } ready)
        {
            return new BearerToken(ready, DateTimeOffset.MaxValue);
        }

        var realm = ValidateRealm(registry, registryUri, challenge.Realm);
        using var request = credential.IdentityToken is not null
            ? OAuthRequest(realm, challenge.Service, scopes, credential)
            : GetRequest(realm, challenge.Service, scopes, credential);

        HttpResponseMessage sent;
        try
        {
            sent = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is not BerthException)
        {
            throw RegistryUnreachableException.TokenService(registry, realm.Authority, TransportReason(ex), ex);
        }

        using var response = sent;
        var body = await ReadReplyAsync(registry, realm, request, response, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var errors = RegistryErrorParser.Parse(body);
            var answered = $"{(int)response.StatusCode} {ErrorCodes(errors, response.StatusCode)}";
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var (refusal, said) = (credential.IsAnonymous, response.StatusCode) switch
                {
                    (true, HttpStatusCode.Unauthorized) => (AccessRefusal.CredentialsMissing,
                        $"token service {realm.Authority} of registry {registry} wants credentials and none were sent ({answered}); connect it with a username and password"),
                    (true, _) => (AccessRefusal.AccessDenied,
                        $"token service {realm.Authority} of registry {registry} refused anonymous access ({answered}); no credentials were sent: connect it with credentials"),
                    _ => (AccessRefusal.CredentialsRefused,
                        $"token service {realm.Authority} of registry {registry} refused the credentials of {(credential.Username is null ? "the identity token" : $"'{credential.Username}'")} ({answered}); check the username and password (or token)"),
                };
                throw new RegistryAuthenticationException(registry, request.Method, UrlRedactor.Redact(realm), response.StatusCode, errors, said)
                {
                    Origin = ErrorOrigin.TokenService,
                    Refusal = refusal,
                };
            }

            var summary = $"token service {realm.Authority} of registry {registry} failed ({answered})";
            throw new RegistryException(registry, request.Method, UrlRedactor.Redact(realm), response.StatusCode, errors, summary)
                {
                    Origin = ErrorOrigin.TokenService,
                    RetryAfter = RetryHandler.RequestedDelay(response, time.GetUtcNow()),
                };
        }

        TokenResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, AuthJsonContext.Default.TokenResponse);
        }
        catch (JsonException ex)
        {
            throw new RegistryException(registry, request.Method, UrlRedactor.Redact(realm), response.StatusCode, [],
                $"token service {realm.Authority} for {registry} answered with invalid JSON ({ex.Message})")
            {
                Origin = ErrorOrigin.TokenService,
            };
        }

        var value = parsed?.Token is { Length: > 0 } t ? t : parsed?.AccessToken;
        if (string.IsNullOrEmpty(value))
        {
            throw new RegistryException(registry, request.Method, UrlRedactor.Redact(realm), response.StatusCode, [],
                $"token service {realm.Authority} for {registry} answered without a token or access_token")
            {
                Origin = ErrorOrigin.TokenService,
            };
        }

        var lifetime = parsed!.ExpiresIn is > 0 ? TimeSpan.FromSeconds(parsed.ExpiresIn.Value) : MinimumLifetime;
        if (lifetime < MinimumLifetime)
        {
            lifetime = MinimumLifetime;
        }

        var issued = parsed.IssuedAt ?? time.GetUtcNow();
        return new BearerToken(value, issued + lifetime, parsed.RefreshToken);
    }

    /// <summary>
    /// The reply, bounded: a success up to the reply limit (more is an error naming the token service), an error answer's
    /// first 64 KiB. Either fails as unreachable when the token service sends nothing for the stall timeout.
    /// </summary>
    private async Task<byte[]> ReadReplyAsync(string registry, Uri realm, HttpRequestMessage request, HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        var stall = stallTimeout ?? Timeout.InfiniteTimeSpan;
        var stream = new ActivityReadStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), stall,
            read => RegistryUnreachableException.TokenService(registry, realm.Authority,
                $"it stopped sending its reply: nothing arrived for {stall.TotalSeconds:0.###} s after {read} bytes (the stall timeout); try again later", stalled: true));
        await using (stream.ConfigureAwait(false))
        {
            return response.IsSuccessStatusCode
                ? await BoundedContent.ReadAsync(stream, response.Content.Headers.ContentLength, maxReplyBytes, () =>
                    new RegistryException(registry, request.Method, UrlRedactor.Redact(realm), response.StatusCode, [],
                        $"token service {realm.Authority} for {registry} sent a reply larger than the {BoundedContent.FormatBytes(maxReplyBytes)} limit for a token; it is not answering as a token service should (check the realm of the registry's Bearer challenge)")
                    {
                        Origin = ErrorOrigin.TokenService,
                    }, cancellationToken).ConfigureAwait(false)
                : await BoundedContent.ReadPrefixAsync(stream, BoundedContent.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The realm must be an absolute http(s) URL, and https unless the registry itself is plain
    /// http: a TLS registry must not send us to hand credentials over a clear channel.
    /// </summary>
    public static Uri ValidateRealm(string registry, Uri registryUri, string? realm)
    {
        ArgumentNullException.ThrowIfNull(registryUri);
        if (string.IsNullOrWhiteSpace(realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryException(registry, HttpMethod.Get, UrlRedactor.Redact(registryUri), HttpStatusCode.Unauthorized, [],
                $"registry {registry} sent a Bearer challenge with an invalid realm '{realm}'");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && registryUri.Scheme == Uri.UriSchemeHttps)
        {
            throw new InsecureTokenRealmException(registry, UrlRedactor.Redact(uri));
        }

        return uri;
    }

    private static HttpRequestMessage GetRequest(Uri realm, string? service, IReadOnlyList<AccessScope> scopes, RegistryCredential credential)
    {
        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] : "");
        void Add(string key, string value)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        if (!string.IsNullOrEmpty(service))
        {
            Add("service", service);
        }

        foreach (var scope in scopes)
        {
            Add("scope", scope.ToString());
        }

        if (credential.Username is { Length: > 0 } user && credential.Password is not null)
        {
            Add("account", user);
        }

        var builder = new UriBuilder(realm) { Query = query.ToString() };
        var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential.Username is not null && credential.Password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
        }

        return request;
    }

    private static HttpRequestMessage OAuthRequest(Uri realm, string? service, IReadOnlyList<AccessScope> scopes, RegistryCredential credential)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", credential.IdentityToken!),
            new("client_id", "berth"),
        };
        if (!string.IsNullOrEmpty(service))
        {
            form.Add(new("service", service));
        }

        if (scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', scopes.Select(s => s.ToString()))));
        }

        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static string TransportReason(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "cannot resolve its host name",
        HttpRequestError.SecureConnectionError => $"TLS handshake failed ({ex.InnerException?.Message ?? ex.Message})",
        HttpRequestError.ConnectionError => $"cannot connect ({ex.InnerException?.Message ?? ex.Message})",
        _ => ex.Message,
    };

    private static string ErrorCodes(IReadOnlyList<RegistryError> errors, HttpStatusCode status) =>
        errors.Count > 0 ? string.Join(", ", errors.Select(e => e.ToString())) : status.ToString();
}
