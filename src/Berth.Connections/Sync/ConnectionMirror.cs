using Berth.Connections.Providers;
using Berth.Distribution;
using Berth.References;
using Berth.Transfer.Sync;

namespace Berth.Connections.Sync;

/// <summary>
/// Plans a mirror from one saved connection to another: the one behaviour behind <c>berth sync --from --to</c> and
/// replication policies. Each source repository lands at <c>&lt;destination namespace&gt;/&lt;prefix&gt;/&lt;repository&gt;</c>,
/// the repository taken relative to the source's own namespace, under the same tags.
/// </summary>
public static class ConnectionMirror
{
    public static async Task<MirrorPlan> PlanAsync(
        RegistryClientFactory clients,
        Connection source,
        RegistryClient sourceClient,
        Connection target,
        RegistryClient targetClient,
        MirrorSelection selection,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(selection);
        var sourceUrl = ConnectionAddress.Of(source);
        var targetUrl = ConnectionAddress.Of(target);
        var names = new List<string>();
        if (selection.Repositories is { } given)
        {
            names.AddRange(given.Select(r => sourceUrl.HasPath && !r.StartsWith(sourceUrl.Path + "/", StringComparison.Ordinal) ? Join(sourceUrl.Path, null, r) : r.Trim('/')));
        }
        else
        {
            await foreach (var repository in new RepositoryLister(clients).ListAsync(source, cancellationToken).ConfigureAwait(false))
            {
                names.Add(repository);
            }
        }

        var sourceHints = await clients.EndpointHintsAsync(source, cancellationToken).ConfigureAwait(false);
        var targetHints = await clients.EndpointHintsAsync(target, cancellationToken).ConfigureAwait(false);
        var repositories = new List<SyncRepository>();
        var refused = new List<SyncedImage>();
        foreach (var repository in names.Distinct(StringComparer.Ordinal))
        {
            // The source's namespace is where its repositories live, not part of their names at the mirror.
            var relative = sourceUrl.HasPath && repository.StartsWith(sourceUrl.Path + "/", StringComparison.Ordinal)
                ? repository[(sourceUrl.Path.Length + 1)..]
                : repository;
            if (selection.RepositoriesRegex is { } regex && !regex.IsMatch(relative))
            {
                continue;
            }

            var destination = Join(targetUrl.Path, selection.Prefix, relative);
            if (ImageReference.TryParse($"{targetUrl.Host.Name}/{destination}", out var parsed, out var error))
            {
                repositories.Add(new SyncRepository(sourceClient, repository, targetClient, parsed.Repository, null, selection.Filter, sourceHints, targetHints));
            }
            else
            {
                refused.Add(new SyncedImage($"{sourceUrl.Host.Name}/{repository}", $"{targetUrl.Host.Name}/{destination}", null, SyncStatus.Failed,
                    Error: $"cannot mirror into {targetUrl.Host.Name}/{destination}: {error}"));
            }
        }

        return new MirrorPlan(repositories, refused);
    }

    private static string Join(string? a, string? b, string c) =>
        string.Join('/', new[] { a, b, c }.Select(p => p?.Trim('/')).Where(p => !string.IsNullOrEmpty(p)));
}
