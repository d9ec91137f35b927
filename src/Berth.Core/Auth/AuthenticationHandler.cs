using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Berth.References;
using Berth.Transport;

namespace Berth.Auth;

/// <summary>
/// Answers a registry's 401 challenge — Basic with the credential, Bearer with a token from the
/// token service — and retries once. Tokens are cached per (partition, host, scopes) and sent
/// up front on later requests. Credentials only ever go to the registry's own host.
/// </summary>
public sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly RegistryHost _registry;
    private readonly string _partition;
    private readonly ICredentialProvider _credentials;
    private readonly ITokenCache _cache;
    private readonly TokenClient _tokens;
    private readonly ConcurrentDictionary<TokenCacheKey, SemaphoreSlim> _fetchLocks = new();
    private volatile AuthChallenge? _lastChallenge;
    private volatile string? _lastScheme;

    public AuthenticationHandler(RegistryHost registry, string partition, ICredentialProvider credentials,
        ITokenCache cache, TokenClient tokens)
    {
        _registry = registry;
        _partition = partition;
        _credentials = credentials;
        _cache = cache;
        _tokens = tokens;
    }

    /// <summary>The most recent challenge the registry sent (for ping and diagnostics).</summary>
    public AuthChallenge? LastChallenge => _lastChallenge;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsRegistryHost(request.RequestUri) || request.Headers.Authorization is not null)
        {
            if (request.Headers.Authorization is not null && !request.Options.TryGetValue(RegistryRequestOptions.Sent, out _))
            {
                request.Options.Set(RegistryRequestOptions.Sent, SentAuthorization.Token);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var scopes = request.Options.TryGetValue(RegistryRequestOptions.Scopes, out var s) ? s : [];
        var known = _lastChallenge;
        if (known is not null)
        {
            await AuthorizeUpFrontAsync(request, known, scopes, cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenge = PickChallenge(response);
        if (challenge is null)
        {
            return response;
        }

        _lastChallenge = challenge;
        var credential = await _credentials.GetCredentialAsync(_registry, cancellationToken).ConfigureAwait(false);
        if (!RegistryRequestOptions.CanResend(request) || (challenge.IsBasic && credential.Password is null))
        {
            return response;
        }

        var sentToken = request.Headers.Authorization;
        if (challenge.IsBearer)
        {
            var wanted = AccessScope.Merge(scopes.Concat(AccessScope.ParseList(challenge.Scope)));
            var key = TokenCacheKey.Create(_partition, _registry.ApiHost, wanted);
            _cache.Evict(key); // the token we sent (if any) was refused: expired or too narrow
            var token = await FetchMarkedAsync(request, key, challenge, credential, wanted, cancellationToken).ConfigureAwait(false);
            if (sentToken?.Parameter == token.Value)
            {
                return response;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            MarkSent(request, credential.IsAnonymous ? SentAuthorization.AnonymousToken : SentAuthorization.Token, credential);
        }
        else if (challenge.IsBasic)
        {
            if (sentToken is not null)
            {
                return response; // these Basic credentials were already refused
            }

            request.Headers.Authorization = BasicHeader(credential);
            MarkSent(request, SentAuthorization.Basic, credential);
        }
        else
        {
            return response;
        }

        response.Dispose();
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task AuthorizeUpFrontAsync(HttpRequestMessage request, AuthChallenge known,
        IReadOnlyList<AccessScope> scopes, CancellationToken cancellationToken)
    {
        var credential = await _credentials.GetCredentialAsync(_registry, cancellationToken).ConfigureAwait(false);
        if (known.IsBasic && credential.Password is not null)
        {
            request.Headers.Authorization = BasicHeader(credential);
            MarkSent(request, SentAuthorization.Basic, credential);
        }
        else if (known.IsBearer && scopes.Count > 0)
        {
            var key = TokenCacheKey.Create(_partition, _registry.ApiHost, scopes);
            var token = _cache.Find(key);
            if (token is null && RegistryRequestOptions.CanResend(request) is false)
            {
                // A streamed body cannot be resent after a 401, so get the token before sending it.
                token = await FetchMarkedAsync(request, key, known, credential, AccessScope.Merge(scopes), cancellationToken).ConfigureAwait(false);
            }

            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                MarkSent(request, credential.IsAnonymous ? SentAuthorization.AnonymousToken : SentAuthorization.Token, credential);
            }
        }
    }

    private static void MarkSent(HttpRequestMessage request, SentAuthorization sent, RegistryCredential credential)
    {
        request.Options.Set(RegistryRequestOptions.Sent, sent);
        request.Options.Set(RegistryRequestOptions.SentUser, credential.Username);
    }

    /// <summary>Fetches a token with the request marked as waiting for the token service, so a time-out names it.</summary>
    private async Task<BearerToken> FetchMarkedAsync(HttpRequestMessage request, TokenCacheKey key, AuthChallenge challenge,
        RegistryCredential credential, IReadOnlyList<AccessScope> scopes, CancellationToken cancellationToken)
    {
        var realm = Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var uri) ? uri.Authority : challenge.Realm;
        request.Options.Set(RegistryRequestOptions.WaitingForTokenService, realm);
        var token = await FetchAsync(key, challenge, credential, scopes, cancellationToken).ConfigureAwait(false);
        request.Options.Set(RegistryRequestOptions.WaitingForTokenService, null);
        return token;
    }

    private async Task<BearerToken> FetchAsync(TokenCacheKey key, AuthChallenge challenge, RegistryCredential credential,
        IReadOnlyList<AccessScope> scopes, CancellationToken cancellationToken)
    {
        // One fetch per key at a time: parallel layer uploads would otherwise stampede the token service.
        var gate = _fetchLocks.GetOrAdd(key, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cache.Find(key) is { } fresh)
            {
                return fresh;
            }

            var registryUri = new Uri($"{(_lastScheme ?? "https")}://{_registry.ApiHost}/");
            var token = await _tokens.FetchAsync(_registry.Name, registryUri, challenge, credential, scopes, cancellationToken).ConfigureAwait(false);
            _cache.Store(key, token);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsRegistryHost(Uri? uri)
    {
        if (uri is null)
        {
            return false;
        }

        var match = string.Equals(uri.Authority, _registry.ApiHost, StringComparison.OrdinalIgnoreCase) ||
            (uri.IsDefaultPort && string.Equals(uri.Host, _registry.ApiHost, StringComparison.OrdinalIgnoreCase));
        if (match)
        {
            _lastScheme = uri.Scheme;
        }

        return match;
    }

    private static AuthChallenge? PickChallenge(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values))
        {
            return null;
        }

        var all = AuthChallenge.ParseAll(values);
        return all.FirstOrDefault(c => c.IsBearer) ?? all.FirstOrDefault(c => c.IsBasic);
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var gate in _fetchLocks.Values)
            {
                gate.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
