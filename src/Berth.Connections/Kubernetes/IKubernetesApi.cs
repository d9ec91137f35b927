namespace Berth.Connections.Kubernetes;

/// <summary>
/// The few Kubernetes API calls a pull-secret write needs, over one cluster. The server implements it with the
/// official KubernetesClient, the CLI with its AOT variant; the rules of what to call when live once in
/// <see cref="PullSecretWriter"/>. Failures are <see cref="KubernetesApiException"/>s.
/// </summary>
public interface IKubernetesApi : IDisposable
{
    /// <summary>Names of the namespaces matching a label selector (all when null).</summary>
    Task<IReadOnlyList<string>> ListNamespacesAsync(string? labelSelector, CancellationToken cancellationToken);

    /// <summary>The Secret's type and resourceVersion; null when it does not exist.</summary>
    Task<KubernetesObjectState?> GetSecretAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>POSTs the Secret; <see cref="KubernetesApiException.Status"/> 409 when it appeared meanwhile.</summary>
    Task CreateSecretAsync(string ns, KubernetesSecretDraft secret, CancellationToken cancellationToken);

    /// <summary>PUTs the Secret at <paramref name="resourceVersion"/>; 409 when someone changed it meanwhile.</summary>
    Task ReplaceSecretAsync(string ns, KubernetesSecretDraft secret, string resourceVersion, CancellationToken cancellationToken);

    /// <summary>The names in the ServiceAccount's <c>imagePullSecrets</c>; null when it does not exist.</summary>
    Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Adds one name to the ServiceAccount's <c>imagePullSecrets</c> by a strategic merge patch, which merges that
    /// list by name: entries already there stay.
    /// </summary>
    Task AddServiceAccountPullSecretAsync(string ns, string name, string secretName, CancellationToken cancellationToken);
}
