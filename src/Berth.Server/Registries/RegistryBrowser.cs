using System.Text.Json;
using Berth.Connections;
using Berth.Connections.Jobs;
using Berth.Content;
using Berth.Distribution;
using Berth.References;
using Berth.Server.Hosting;

namespace Berth.Server.Registries;

/// <summary>
/// Repositories, tags and manifests of a connection. Listings come from the shared listing cache while it is
/// fresh (the connection's cache interval), so browsing does not call the registry on every page view; the
/// background refresher keeps it warm.
/// </summary>
internal sealed class RegistryBrowser(ServerStores stores, IRegistryTypes types, BerthServerOptions options, TimeProvider time)
{
    private const int MaxConfigBytes = 16 * 1024 * 1024;

    public TimeSpan CacheIntervalOf(Connection connection) => connection.Options.CacheInterval ?? options.DefaultCacheInterval;

    public async Task<CachedListing> RepositoriesAsync(Connection connection, bool refresh, CancellationToken ct)
    {
        if (!refresh && await FreshAsync(connection, IJobStore.RepositoriesScope, ct).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        var items = new List<string>();
        await foreach (var repository in types.ListRepositoriesAsync(connection, ct).ConfigureAwait(false))
        {
            items.Add(repository);
        }

        items.Sort(StringComparer.Ordinal);
        await stores.Jobs.SaveListingAsync(connection.Id, IJobStore.RepositoriesScope, items, ct).ConfigureAwait(false);
        return new CachedListing(items, time.GetUtcNow());
    }

    public async Task<CachedListing> TagsAsync(Connection connection, string repository, bool refresh, CancellationToken ct)
    {
        if (!refresh && await FreshAsync(connection, repository, ct).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        using var client = types.CreateClient(connection);
        var tags = new List<string>();
        await foreach (var tag in client.ListTagsAsync(repository, ct).ConfigureAwait(false))
        {
            tags.Add(tag);
        }

        tags.Sort(StringComparer.Ordinal);
        await stores.Jobs.SaveListingAsync(connection.Id, repository, tags, ct).ConfigureAwait(false);
        return new CachedListing(tags, time.GetUtcNow());
    }

    public async Task<ManifestDetails> ManifestAsync(Connection connection, string repository, string reference, CancellationToken ct)
    {
        using var client = types.CreateClient(connection);
        var manifest = await client.GetManifestAsync(repository, reference, ct).ConfigureAwait(false);
        switch (manifest.Kind)
        {
            case ManifestKind.Index:
                var platforms = manifest.Index!.Manifests
                    .Select(m => new PlatformEntry(m.Platform?.ToString() ?? "unknown", m.Digest, m.Size, m.MediaType))
                    .ToList();
                return new ManifestDetails
                {
                    Repository = repository,
                    Reference = reference,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    Kind = "index",
                    Size = manifest.Size + platforms.Sum(p => p.Size),
                    Platforms = platforms,
                };

            case ManifestKind.Image:
                var image = manifest.Image!;
                var config = await ReadConfigAsync(client, repository, image.Config, ct).ConfigureAwait(false);
                return new ManifestDetails
                {
                    Repository = repository,
                    Reference = reference,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    Kind = "image",
                    Size = image.Config.Size + image.Layers.Sum(l => l.Size),
                    ConfigDigest = image.Config.Digest,
                    Layers = image.Layers.Select(l => new LayerEntry(l.Digest, l.Size, l.MediaType)).ToList(),
                    Created = config?.Created,
                    Platform = config?.Os is null ? null : $"{config.Os}/{config.Architecture}{(config.Variant is null ? "" : "/" + config.Variant)}",
                    Labels = config?.Config?.Labels ?? new Dictionary<string, string>(),
                };

            default:
                var schema1 = manifest.Schema1!;
                return new ManifestDetails
                {
                    Repository = repository,
                    Reference = reference,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    Kind = "image",
                    Size = manifest.Size,
                    Layers = schema1.FsLayers.Select(l => new LayerEntry(l.BlobSum, -1, MediaTypes.DockerLayer)).ToList(),
                    Platform = schema1.Architecture is null ? null : "linux/" + schema1.Architecture,
                };
        }
    }

    private async Task<CachedListing?> FreshAsync(Connection connection, string scope, CancellationToken ct)
    {
        var cached = await stores.Jobs.GetListingAsync(connection.Id, scope, ct).ConfigureAwait(false);
        return cached is not null && time.GetUtcNow() - cached.Refreshed < CacheIntervalOf(connection) ? cached : null;
    }

    private static async Task<ImageConfig?> ReadConfigAsync(RegistryClient client, string repository, Descriptor config, CancellationToken ct)
    {
        if (!Digest.TryParse(config.Digest, out var digest) || config.Size > MaxConfigBytes)
        {
            return null;
        }

        var stream = await client.GetBlobAsync(repository, digest, config.Size, ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, ContentConfigJson.ImageConfig, ct).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Artifacts (Helm charts, signatures) carry configs that are not image configs.
                return null;
            }
        }
    }
}
