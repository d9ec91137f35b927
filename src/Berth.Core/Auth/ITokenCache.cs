namespace Berth.Auth;

/// <summary>Holds bearer tokens between requests; injected as a singleton.</summary>
public interface ITokenCache
{
    BearerToken? Find(TokenCacheKey key);

    void Store(TokenCacheKey key, BearerToken token);

    void Evict(TokenCacheKey key);
}
