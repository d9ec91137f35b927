using System.Collections.Concurrent;

namespace Berth.Auth;

/// <summary>In-process token cache; expired entries are dropped on read.</summary>
public sealed class MemoryTokenCache(TimeProvider time) : ITokenCache
{
    // Renew a little early so a token does not expire between the check and the request.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<TokenCacheKey, BearerToken> _tokens = new();

    public MemoryTokenCache()
        : this(TimeProvider.System)
    {
    }

    public int Count => _tokens.Count;

    public BearerToken? Find(TokenCacheKey key)
    {
        if (!_tokens.TryGetValue(key, out var token))
        {
            return null;
        }

        if (token.IsExpired(time.GetUtcNow(), Margin))
        {
            _tokens.TryRemove(key, out _);
            return null;
        }

        return token;
    }

    public void Store(TokenCacheKey key, BearerToken token) => _tokens[key] = token;

    public void Evict(TokenCacheKey key) => _tokens.TryRemove(key, out _);
}
