namespace Berth.Connections.Kubernetes;

/// <summary>
/// Where and how to reach a Kubernetes API server: its URL, the CA bundle that signs its certificate (PEM; the
/// machine's trust store when null), and a bearer token (a service account's). <see cref="ToString"/> never shows
/// the token.
/// </summary>
public sealed record KubernetesCluster(Uri Server, string? CaBundlePem, string Token)
{
    public override string ToString() => $"KubernetesCluster {{ Server = {Server}, CaBundle = {(CaBundlePem is null ? "system" : "set")}, Token = {(string.IsNullOrEmpty(Token) ? "not set" : "set")} }}";
}
