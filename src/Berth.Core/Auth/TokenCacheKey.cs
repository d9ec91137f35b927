namespace Berth.Auth;

/// <summary>
/// A token is reusable only for the same partition (connection), registry host and scope set,
/// so two connections to one registry never share tokens.
/// </summary>
public readonly record struct TokenCacheKey(string Partition, string Host, string Scopes)
{
    public static TokenCacheKey Create(string partition, string host, IEnumerable<AccessScope> scopes) =>
        new(partition, host.ToLowerInvariant(), string.Join(' ', AccessScope.Merge(scopes).Select(s => s.ToString())));
}
