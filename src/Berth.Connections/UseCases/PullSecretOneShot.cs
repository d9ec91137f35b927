using Berth.Connections.Kubernetes;
using Berth.Connections.PullSecrets;

namespace Berth.Connections.UseCases;

/// <summary>
/// <c>berth kube apply-pull-secret</c>: writes a pull Secret once into chosen namespaces of the cluster a kubeconfig
/// names, for cron and CI, with no saved target. The same credentials, Secret shape and create-or-replace rules as
/// a saved target (<see cref="PullSecretContent"/>, <see cref="PullSecretWriter"/>); every credential read is audited.
/// </summary>
public sealed class PullSecretOneShot(ConnectionUseCases connections)
{
    /// <param name="actor">Who asks (the CLI).</param>
    /// <param name="api">The cluster, as the kubeconfig's current context reaches it.</param>
    /// <param name="namespaces">Where to write (at least one).</param>
    /// <param name="secretName">The Secret's name.</param>
    /// <param name="connectionNames">Connections to carry; every connection of the actor when empty.</param>
    /// <param name="patchDefaultServiceAccount">Also list the Secret in each namespace's default ServiceAccount.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <exception cref="PullSecretTargetValidationException">A namespace or Secret name is not acceptable.</exception>
    /// <exception cref="UnknownConnectionException">A named connection does not exist, or none are saved.</exception>
    public async Task<PullSecretApply> ApplyAsync(
        Actor actor, IKubernetesApi api, IReadOnlyList<string> namespaces, string secretName, IReadOnlyList<string> connectionNames, bool patchDefaultServiceAccount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(connectionNames);
        var chosen = namespaces.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (PullSecretContent.NameErrors(chosen, secretName) is { Count: > 0 } errors)
        {
            throw new PullSecretTargetValidationException(errors);
        }

        var carried = new List<Connection>();
        var wanted = connectionNames.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count == 0)
        {
            carried.AddRange(await connections.ListAsync(actor, cancellationToken).ConfigureAwait(false));
            if (carried.Count == 0)
            {
                throw UnknownConnectionException.NoneSaved();
            }
        }
        else
        {
            foreach (var name in wanted)
            {
                carried.Add(await connections.GetAsync(actor, name, cancellationToken).ConfigureAwait(false));
            }
        }

        var content = await PullSecretContent.BuildAsync(connections, actor, carried, secretName.Trim(), $"pull secret '{secretName.Trim()}' (apply-pull-secret)", cancellationToken).ConfigureAwait(false);
        var writes = await PullSecretWriter.WriteAsync(api, chosen, content.Secret, patchDefaultServiceAccount, cancellationToken).ConfigureAwait(false);
        return new PullSecretApply("(one-shot)", content.Secret.Name, content.Report, writes, content.ExpiresAt, null);
    }
}
