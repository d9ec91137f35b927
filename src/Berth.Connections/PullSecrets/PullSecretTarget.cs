using System.Text;
using Berth.Connections.Kubernetes;

namespace Berth.Connections.PullSecrets;

/// <summary>
/// A Kubernetes pull-secret target: the cluster, the namespaces (a list, or a label selector when
/// <see cref="NamespaceSelector"/> is set), the Secret name, the connections (by id) it carries, and whether each
/// namespace's <c>default</c> ServiceAccount lists the Secret. <see cref="Token"/> is the decrypted service-account
/// token, null when it could not be decrypted; <see cref="ToString"/> never shows it.
/// </summary>
public sealed record PullSecretTarget
{
    /// <summary>The <see cref="TokenProblem"/> of a target read for a list, which decrypts no token (it is stored).</summary>
    public const string NotReadForList = "not read for a list";

    public Guid Id { get; init; }

    public required Guid OrganizationId { get; init; }

    public required string Name { get; init; }

    public required Uri Server { get; init; }

    public string? CaBundlePem { get; init; }

    public string? Token { get; init; }

    /// <summary>Why the token could not be read back (never its value); null when it was.</summary>
    public string? TokenProblem { get; init; }

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public string? NamespaceSelector { get; init; }

    public required string SecretName { get; init; }

    public IReadOnlyList<Guid> Connections { get; init; } = [];

    public bool PatchDefaultServiceAccount { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset Updated { get; init; }

    /// <summary>When the refresher next rewrites the target (null: after the next change only).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Per namespace: last attempt, last write, last error.</summary>
    public IReadOnlyList<PullSecretNamespaceStatus> Status { get; init; } = [];

    /// <summary>The cluster to write to.</summary>
    /// <exception cref="PullSecretTargetUnreadableException">The token could not be decrypted.</exception>
    public KubernetesCluster Cluster() =>
        Token is { } token ? new KubernetesCluster(Server, CaBundlePem, token) : throw new PullSecretTargetUnreadableException(Name, TokenProblem ?? "no token");

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Name = ").Append(Name).Append(", Server = ").Append(Server)
            .Append(", Token = ").Append(Token is null ? "unreadable" : "set")
            .Append(", SecretName = ").Append(SecretName);
        return true;
    }
}
