namespace Berth.Cli.Kubelet;

/// <summary>
/// What the kubelet writes on the plugin's stdin: <c>{"apiVersion":"credentialprovider.kubelet.k8s.io/v1",
/// "kind":"CredentialProviderRequest","image":"…"}</c>, plus a service-account token and annotations when the kubelet
/// is configured to pass them (Berth uses neither, and never echoes the token).
/// </summary>
internal sealed record CredentialProviderRequest(
    string? ApiVersion,
    string? Kind,
    string? Image,
    string? ServiceAccountToken,
    Dictionary<string, string>? ServiceAccountAnnotations)
{
    public override string ToString() => $"CredentialProviderRequest {{ ApiVersion = {ApiVersion}, Image = {Image} }}";
}
