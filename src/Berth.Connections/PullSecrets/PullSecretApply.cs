using Berth.Connections.Docker;
using Berth.Connections.Kubernetes;

namespace Berth.Connections.PullSecrets;

/// <summary>
/// What one apply of a target did: the Secret written, the registries (auths keys) it holds per connection, each
/// namespace's outcome, the earliest credential expiry, and when the target is next rewritten.
/// </summary>
public sealed record PullSecretApply(
    string Target,
    string SecretName,
    IReadOnlyList<ExportedConnection> Connections,
    IReadOnlyList<PullSecretWrite> Namespaces,
    DateTimeOffset? CredentialsExpireAt,
    DateTimeOffset? NextRefresh)
{
    public bool Ok => Namespaces.All(n => n.Ok);
}
