using System.Collections.Concurrent;
using Berth.Connections.Storage;

namespace Berth.Connections.Tokens;

/// <summary>
/// Remembers each valid token's record for <see cref="Lifetime"/>, so a busy caller costs one database read per
/// lifetime instead of one per request. A change to a token (revoke, its connections narrowed) evicts it here at
/// once; on PostgreSQL the store also announces it (<c>NOTIFY berth_api_tokens</c>) and <see cref="ListenAsync"/>
/// evicts it on every other replica as soon as the notification arrives. Either way no replica trusts a changed
/// token longer than <see cref="Lifetime"/>. Unknown tokens are never cached, so guessing cannot fill the memory.
/// </summary>
public sealed class CachingTokenStore : ITokenStore
{
    /// <summary>Past this many cached tokens the cache starts afresh: a bound, far above any real token count.</summary>
    public const int MaxEntries = 10_000;

    private readonly ITokenStore _inner;
    private readonly SqlDialect? _dialect;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private long _evictions;

    internal CachingTokenStore(ITokenStore inner, SqlDialect? dialect, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
        _inner = inner;
        _dialect = dialect;
        Lifetime = lifetime;
        _time = time;
    }

    /// <summary>How long a token's record is trusted without asking the database; zero turns caching off.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>True while the PostgreSQL listener is subscribed (changes by other processes evict at once).</summary>
    public bool IsListening { get; private set; }

    /// <summary>Tokens cached now (for tests and metrics).</summary>
    public int Count => _byHash.Count;

    public async Task<ApiToken?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (Lifetime == TimeSpan.Zero || !ApiTokenSecret.LooksValid(token))
        {
            return await _inner.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false);
        }

        var hash = ApiTokenSecret.Hash(token);
        var now = _time.GetUtcNow();
        if (_byHash.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Token;
        }

        var evictionsBefore = Interlocked.Read(ref _evictions);
        var found = await _inner.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            _byHash.TryRemove(hash, out _);
            return null;
        }

        if (_byHash.Count >= MaxEntries)
        {
            _byHash.Clear();
        }

        _byHash[hash] = new Entry(found, now + Lifetime);

        // A change that raced with the read above may have been read as it was before: do not keep that copy.
        if (Interlocked.Read(ref _evictions) != evictionsBefore)
        {
            _byHash.TryRemove(hash, out _);
        }

        return found;
    }

    /// <summary>Forgets one token (it changed here or on another replica).</summary>
    public void Evict(Guid tokenId)
    {
        Interlocked.Increment(ref _evictions);
        foreach (var (hash, entry) in _byHash)
        {
            if (entry.Token.Id == tokenId)
            {
                _byHash.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Forgets every token (changes may have been missed while not listening).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _evictions);
        _byHash.Clear();
    }

    /// <summary>
    /// On PostgreSQL: listens for token changes made by any process on the database and evicts them, until
    /// cancelled; reconnects after a failure, forgetting everything cached meanwhile. Returns at once on SQLite,
    /// where only this process's changes evict at once and other processes' take effect within <see cref="Lifetime"/>.
    /// </summary>
    public async Task ListenAsync(Action<Exception>? onFailure, CancellationToken cancellationToken)
    {
        if (_dialect is not { Backend: StoreBackend.Postgres } || Lifetime == TimeSpan.Zero)
        {
            return;
        }

        await PostgresChannel.FollowAsync(
            _dialect,
            SqlTokenStore.ChangeChannel,
            payload =>
            {
                if (Guid.TryParse(payload, out var id))
                {
                    Evict(id);
                }
            },
            listening => IsListening = listening,
            Clear,
            onFailure,
            _time,
            cancellationToken).ConfigureAwait(false);
    }

    public Task<IssuedApiToken> CreateAsync(Guid organizationId, ApiTokenRole role, IReadOnlyList<string> connections, string? description, CancellationToken cancellationToken) =>
        _inner.CreateAsync(organizationId, role, connections, description, cancellationToken);

    public Task<IssuedApiToken?> CreateBootstrapAsync(Guid organizationId, CancellationToken cancellationToken) =>
        _inner.CreateBootstrapAsync(organizationId, cancellationToken);

    public Task<ApiToken?> GetAsync(Guid id, CancellationToken cancellationToken) => _inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<ApiToken>> ListAsync(Guid? organizationId, CancellationToken cancellationToken) =>
        _inner.ListAsync(organizationId, cancellationToken);

    public Task<Paging.Page<ApiToken>> ListPageAsync(Guid organizationId, Paging.PageRequest page, CancellationToken cancellationToken) =>
        _inner.ListPageAsync(organizationId, page, cancellationToken);

    public async Task<bool> SetConnectionsAsync(Guid id, IReadOnlyList<string> connections, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.SetConnectionsAsync(id, connections, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Evict(id);
        }
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.RevokeAsync(id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Evict(id);
        }
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private sealed record Entry(ApiToken Token, DateTimeOffset Until);
}
