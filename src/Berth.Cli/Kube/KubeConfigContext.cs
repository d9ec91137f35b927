namespace Berth.Cli.Kube;

/// <summary>
/// What a kubeconfig context says about reaching its cluster: server, CA (PEM; system trust when null), whether
/// TLS verification is off, and the user's bearer token or client certificate and key (PEM). Never printed.
/// </summary>
internal sealed record KubeConfigContext(string Name, Uri Server, string? CaPem, bool InsecureSkipTlsVerify, string? Token, string? ClientCertificatePem, string? ClientKeyPem)
{
    public override string ToString() => $"KubeConfigContext {{ Name = {Name}, Server = {Server} }}";
}
