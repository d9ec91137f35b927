namespace Berth.Cli.Kubelet;

/// <summary>
/// What the plugin writes on stdout: the credentials per match key (<c>host</c> or <c>host/namespace</c>), how the
/// kubelet keys its cache (<c>Image</c>, <c>Registry</c> or <c>Global</c>) and for how long (a Go duration, e.g.
/// <c>11h55m0s</c>; absent: the config's <c>defaultCacheDuration</c>; <c>0s</c>: not cached).
/// </summary>
internal sealed record CredentialProviderResponse(
    string ApiVersion,
    string Kind,
    string CacheKeyType,
    string? CacheDuration,
    Dictionary<string, KubeletAuthConfig>? Auth)
{
    public override string ToString() => $"CredentialProviderResponse {{ CacheKeyType = {CacheKeyType}, Keys = {string.Join(",", Auth?.Keys.ToArray() ?? [])} }}";
}

/// <summary>A username and password (the only kind the kubelet takes).</summary>
internal sealed record KubeletAuthConfig(string Username, string Password)
{
    public override string ToString() => $"KubeletAuthConfig {{ Username = {Username}, password redacted }}";
}
