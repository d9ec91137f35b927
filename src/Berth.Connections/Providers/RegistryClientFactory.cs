using System.Collections.Concurrent;
using Berth.Auth;
using Berth.Connections.Storage;
using Berth.Distribution;
using Berth.References;
using Berth.Transfer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Connections.Providers;

/// <summary>
/// One per process (the server's singleton, one per CLI run): turns connections into registry clients that
/// share one bearer-token cache and one credential provider per connection version, so short-lived credentials
/// (ECR, Google, ACR) are derived once and renewed before expiry whichever front end asks.
/// </summary>
public sealed class RegistryClientFactory(ProviderContext context, IConnectionStore? store = null, ITokenCache? tokenCache = null, ILogger? logger = null)
{
    private readonly ConcurrentDictionary<(Guid Id, DateTimeOffset Updated), ConnectionCredentialProvider> _credentials = new();
    private readonly ITokenCache _tokens = tokenCache ?? new MemoryTokenCache();
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public ProviderContext Context { get; } = context;

    public IConnectionStore? Store { get; } = store;

    /// <summary>Where clients of saved connections report rate-limit budgets; null when the store keeps none.</summary>
    public RateLimitRecorder? RateLimits { get; } = store is IRateLimitStore limits ? new RateLimitRecorder(limits) : null;

    /// <summary>The credential provider of this version of the connection (a new one after every edit).</summary>
    public ConnectionCredentialProvider Credentials(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Id == Guid.Empty)
        {
            // Not saved yet (connect verifies before saving): nothing to share it with.
            return new ConnectionCredentialProvider(connection, Context, null);
        }

        var key = (connection.Id, connection.Updated);
        if (_credentials.TryGetValue(key, out var existing))
        {
            return existing;
        }

        // Older versions of this connection (before an edit) are dropped so their credentials are not used again.
        // Not disposed: a request may still be using one, and its semaphore holds no unmanaged handle.
        foreach (var stale in _credentials.Keys.Where(k => k.Id == connection.Id && k != key))
        {
            _credentials.TryRemove(stale, out _);
        }

        return _credentials.GetOrAdd(key, _ => new ConnectionCredentialProvider(connection, Context, Store));
    }

    /// <summary>A client for the connection's registry with its credential; dispose it.</summary>
    public RegistryClient Create(Connection connection) =>
        ConnectionClients.Create(connection, Credentials(connection), _tokens, _logger, Context.Addresses,
            ProviderCatalog.TryGet(connection.Type, out var provider) ? provider.RepositoryCreator(connection, Context) : null,
            RateLimits is { } limits && connection.Id != Guid.Empty ? budget => limits.Observe(connection.Id, budget) : null);

    /// <summary>
    /// What the connection's last capability probe knows that a copy can use (mounts, referrers API): the one place copy
    /// and sync endpoints learn it. Unknown for an ad-hoc credential (null), an unsaved connection or one never probed.
    /// </summary>
    public async Task<EndpointHints> EndpointHintsAsync(Connection? connection, CancellationToken cancellationToken)
    {
        if (connection is null || connection.Id == Guid.Empty || Store is not ICapabilityStore capabilities
            || await capabilities.GetCapabilitiesAsync(connection.Id, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return EndpointHints.Unknown;
        }

        return new EndpointHints(found.Mount, found.Referrers);
    }

    /// <summary>
    /// A client with one fixed credential (explicit flags, a sync file's credentials, or anonymous); <paramref name="timeout"/>
    /// bounds both the wait for each answer and each silence inside a body (the stall timeout).
    /// </summary>
    public RegistryClient Create(RegistryHost host, RegistryCredential credential, bool insecure, string? caPem, TimeSpan timeout) =>
        new(new RegistryClientOptions
        {
            Registry = host,
            Credentials = new StaticCredentialProvider(credential),
            TokenCache = _tokens,
            // A partition of its own per client, so tokens issued for one credential never serve another.
            Partition = "static:" + Guid.NewGuid().ToString("N"),
            Insecure = insecure,
            CaCertificatesPem = caPem,
            Timeout = timeout,
            StallTimeout = timeout,
            Logger = _logger,
            AddressPolicy = Context.Addresses,
        });
}
