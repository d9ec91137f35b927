using Berth.Cli.Registry;
using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Sync;
using Berth.References;
using Berth.Transfer.Sync;

namespace Berth.Cli.Commands;

/// <summary>Turns each form of <c>berth sync</c> into the list of repositories to mirror.</summary>
internal static class SyncPlanner
{
    /// <summary><c>--from A --to B [--prefix P]</c>: every repository connection A lists, under B's namespace (and P).</summary>
    public static async Task<List<SyncRepository>> FromConnectionsAsync(SyncAccess access, string from, string to, string? prefix, TagFilter filter, CancellationToken ct)
    {
        var store = access.Store!;
        var source = await StoreAccess.GetConnectionAsync(store, from, ct).ConfigureAwait(false);
        var target = await StoreAccess.GetConnectionAsync(store, to, ct).ConfigureAwait(false);
        var plan = await ConnectionMirror.PlanAsync(access.Clients, source, access.ForConnection(source), target, access.ForConnection(target),
            MirrorSelection.Everything(prefix, filter), ct).ConfigureAwait(false);
        if (plan.Refused.Count > 0)
        {
            throw new UsageException(plan.Refused[0].Error!);
        }

        return [.. plan.Repositories];
    }

    /// <summary><c>SRC_REPO DST_REPO</c>: one repository (or one tag or digest of it when SRC names one).</summary>
    public static async Task<List<SyncRepository>> FromReferencesAsync(SyncAccess access, string sourceText, string targetText, TagFilter filter, CancellationToken ct)
    {
        var source = ImageReference.Parse(sourceText);
        var target = ImageReference.Parse(targetText);
        if (NamesReference(targetText))
        {
            throw new UsageException($"DST_REPO '{targetText}' must be a repository without tag or digest; each tag keeps its name");
        }

        IReadOnlyList<string>? references = NamesReference(sourceText) ? [source.Reference] : null;
        var sourceClient = await access.ForImageAsync(source, null, ct).ConfigureAwait(false);
        var targetClient = await access.ForImageAsync(target, null, ct).ConfigureAwait(false);
        return [new SyncRepository(sourceClient, source.Repository, targetClient, target.Repository, references, filter,
            await access.HintsAsync(sourceClient, ct).ConfigureAwait(false), await access.HintsAsync(targetClient, ct).ConfigureAwait(false))];
    }

    /// <summary><c>--config FILE --dest HOST[/NS]</c>: each repository of the config, to <c>NS/REPO</c> at the destination.</summary>
    public static async Task<List<SyncRepository>> FromConfigAsync(SyncAccess access, SyncConfig config, string dest, TagFilter filter, CancellationToken ct)
    {
        if (!RegistryUrl.TryParse(dest, out var destination, out var error))
        {
            throw new UsageException($"--dest {dest}: {error}");
        }

        var repositories = new List<SyncRepository>();
        foreach (var registry in config.Registries)
        {
            if (!RegistryUrl.TryParse(registry.Registry, out var url, out var registryError))
            {
                throw new UsageException($"registry '{registry.Registry}' in the sync config: {registryError}");
            }

            foreach (var entry in registry.Entries)
            {
                var image = ImageReference.Parse($"{url.Host.Name}/{Join(url.Path, null, entry.Repository)}");
                var sourceClient = await access.ForImageAsync(image, registry, ct).ConfigureAwait(false);
                var target = Validate(destination.Host, Join(destination.Path, null, entry.Repository));
                var targetClient = await access.ForImageAsync(ImageReference.Parse($"{destination.Host.Name}/{target}"), null, ct).ConfigureAwait(false);
                repositories.Add(new SyncRepository(sourceClient, image.Repository, targetClient, target, entry.References, entry.Filter.And(filter),
                    await access.HintsAsync(sourceClient, ct).ConfigureAwait(false), await access.HintsAsync(targetClient, ct).ConfigureAwait(false)));
            }
        }

        return repositories;
    }

    private static string Join(string? a, string? b, string c) =>
        string.Join('/', new[] { a, b, c }.Select(p => p?.Trim('/')).Where(p => !string.IsNullOrEmpty(p)));

    private static string Validate(RegistryHost host, string repository) =>
        ImageReference.TryParse($"{host.Name}/{repository}", out var parsed, out var error)
            ? parsed.Repository
            : throw new UsageException($"cannot mirror into {host.Name}/{repository}: {error}");

    /// <summary>Whether the text names a tag or digest (after its last '/'), rather than defaulting to latest.</summary>
    private static bool NamesReference(string text) =>
        text.Contains('@', StringComparison.Ordinal) || text[(text.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal);
}
