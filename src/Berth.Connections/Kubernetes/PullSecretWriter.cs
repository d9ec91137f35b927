using Berth.Errors;

namespace Berth.Connections.Kubernetes;

/// <summary>
/// The create-or-replace rules for a pull Secret in one namespace, shared by the server's targets and the CLI's
/// one-shot: GET the Secret; absent → POST; present → PUT with its resourceVersion (optimistic concurrency: a 409
/// means someone changed it in between, so read again and retry once). A Secret of another type is left alone,
/// since a Secret's type cannot change. Then, when asked, add the Secret to the namespace's <c>default</c>
/// ServiceAccount <c>imagePullSecrets</c> unless it is already there, by a strategic merge patch that keeps the
/// entries already listed.
/// </summary>
public static class PullSecretWriter
{
    public const string DefaultServiceAccount = "default";

    private const int Attempts = 2;

    /// <summary>Writes into every namespace, each on its own: one namespace failing does not stop the others.</summary>
    public static async Task<IReadOnlyList<PullSecretWrite>> WriteAsync(
        IKubernetesApi api, IReadOnlyList<string> namespaces, KubernetesSecretDraft secret, bool patchDefaultServiceAccount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(namespaces);
        var results = new List<PullSecretWrite>();
        foreach (var ns in namespaces)
        {
            results.Add(await WriteOneAsync(api, ns, secret, patchDefaultServiceAccount, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public static async Task<PullSecretWrite> WriteOneAsync(
        IKubernetesApi api, string ns, KubernetesSecretDraft secret, bool patchDefaultServiceAccount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(secret);
        string action;
        try
        {
            action = await CreateOrReplaceAsync(api, ns, secret, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException e)
        {
            return new PullSecretWrite(ns, null, false, e.Message);
        }

        if (!patchDefaultServiceAccount)
        {
            return new PullSecretWrite(ns, action, false, null);
        }

        try
        {
            var listed = await api.GetServiceAccountPullSecretsAsync(ns, DefaultServiceAccount, cancellationToken).ConfigureAwait(false)
                ?? throw new KubernetesApiException(404, "NotFound",
                    $"Kubernetes API server: namespace '{ns}' has no '{DefaultServiceAccount}' ServiceAccount yet (the cluster creates it with the namespace); the Secret was written, the next refresh adds it");
            if (listed.Contains(secret.Name, StringComparer.Ordinal))
            {
                return new PullSecretWrite(ns, action, false, null);
            }

            await api.AddServiceAccountPullSecretAsync(ns, DefaultServiceAccount, secret.Name, cancellationToken).ConfigureAwait(false);
            return new PullSecretWrite(ns, action, true, null);
        }
        catch (BerthException e)
        {
            return new PullSecretWrite(ns, action, false, e.Message);
        }
    }

    private static async Task<string> CreateOrReplaceAsync(IKubernetesApi api, string ns, KubernetesSecretDraft secret, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await api.GetSecretAsync(ns, secret.Name, cancellationToken).ConfigureAwait(false);
            if (existing is not null && !string.Equals(existing.Type, secret.Type, StringComparison.Ordinal))
            {
                throw new KubernetesApiException(409, "Conflict",
                    $"Kubernetes API server: Secret '{ns}/{secret.Name}' exists with type '{existing.Type}', not '{secret.Type}'; a Secret's type cannot change, so Berth leaves it alone (delete it or choose another secret name)");
            }

            try
            {
                if (existing is null)
                {
                    await api.CreateSecretAsync(ns, secret, cancellationToken).ConfigureAwait(false);
                    return "created";
                }

                await api.ReplaceSecretAsync(ns, secret, existing.ResourceVersion, cancellationToken).ConfigureAwait(false);
                return "replaced";
            }
            catch (KubernetesApiException e) when (e.Status == 409 && attempt < Attempts)
            {
                // Created (AlreadyExists) or changed (Conflict) by someone else between our read and our write:
                // read again and write over it once.
            }
        }
    }
}
