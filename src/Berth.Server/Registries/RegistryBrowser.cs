using Berth.Connections;
using Berth.Connections.Jobs;
using Berth.Connections.UseCases;

namespace Berth.Server.Registries;

/// <summary>The dashboard's browsing pages over <see cref="ConnectionUseCases"/> (listing cache, inspect).</summary>
internal sealed class RegistryBrowser(ConnectionUseCases useCases)
{
    public Task<CachedListing> RepositoriesAsync(Connection connection, bool refresh, CancellationToken ct) =>
        useCases.ListRepositoriesAsync(connection, cached: !refresh, ct);

    public Task<CachedListing> TagsAsync(Connection connection, string repository, bool refresh, CancellationToken ct) =>
        useCases.ListTagsAsync(connection, repository, cached: !refresh, ct);

    public async Task<ManifestDetails> ManifestAsync(Connection connection, string repository, string reference, CancellationToken ct)
    {
        var i = await useCases.InspectAsync(new Actor(connection.OrganizationId, "dashboard"), connection.Name, repository, reference, null, ct).ConfigureAwait(false);
        return new ManifestDetails
        {
            Repository = repository,
            Reference = reference,
            Digest = i.Digest,
            MediaType = i.MediaType,
            Kind = i.IsIndex ? "index" : "image",
            Size = i.Size,
            Platforms = i.Platforms?.Select(p => new PlatformEntry(p.Name, p.Digest, p.Size, p.MediaType)).ToList() ?? [],
            ConfigDigest = i.Config,
            Layers = i.Layers?.Select(l => new LayerEntry(l.Digest, l.Size, l.MediaType)).ToList() ?? [],
            Created = i.Created,
            Platform = i.Platform,
            Labels = i.Labels ?? new Dictionary<string, string>(),
        };
    }
}
