using Berth.Connections.Jobs;
using Berth.Connections.Providers;
using Berth.Content;
using Berth.Errors;
using Berth.References;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>How long the connection's listings stay fresh: its own cache interval, else the deployment's.</summary>
    public TimeSpan CacheIntervalOf(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Options.CacheInterval ?? _policy.DefaultCacheInterval;
    }

    /// <summary>
    /// The connection's repositories (its list, the provider's API, or the catalog), sorted. With
    /// <paramref name="cached"/>, a listing younger than the connection's cache interval is served from the store.
    /// </summary>
    public async Task<CachedListing> ListRepositoriesAsync(Actor actor, string name, bool cached, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        return await ListRepositoriesAsync(connection, cached, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Also used by the background refresher, which keeps the cache warm for every connection.</summary>
    public async Task<CachedListing> ListRepositoriesAsync(Connection connection, bool cached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (cached && await FreshAsync(connection, IJobStore.RepositoriesScope, cancellationToken).ConfigureAwait(false) is { } fresh)
        {
            return fresh;
        }

        var lister = new RepositoryLister(clients);
        var capabilities = await CapabilitiesAsync(connection, cancellationToken).ConfigureAwait(false);
        var items = await WithinBrowseTimeAsync(connection, "listing its repositories",
            ct => lister.ListAsync(connection, capabilities, ct).ToListAsync(ct).AsTask(), cancellationToken).ConfigureAwait(false);

        items.Sort(StringComparer.Ordinal);
        return await SaveAsync(connection, IJobStore.RepositoriesScope, items, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tags of one repository of the connection, sorted; cached as for repositories.</summary>
    /// <exception cref="Providers.ConnectionValidationException">The repository is not a repository name.</exception>
    public async Task<CachedListing> ListTagsAsync(Actor actor, string name, string repository, bool cached, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        return await ListTagsAsync(connection, repository, cached, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CachedListing> ListTagsAsync(Connection connection, string repository, bool cached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        repository = CheckRepository(connection, repository);
        if (cached && await FreshAsync(connection, repository, cancellationToken).ConfigureAwait(false) is { } fresh)
        {
            return fresh;
        }

        using var client = clients.Create(connection);
        var tags = await WithinBrowseTimeAsync(connection, $"listing the tags of {repository}",
            ct => client.ListTagsAsync(repository, ct).ToListAsync(ct).AsTask(), cancellationToken).ConfigureAwait(false);

        tags.Sort(StringComparer.Ordinal);
        return await SaveAsync(connection, repository, tags, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inspects <c>repository:reference</c> (a tag or a digest) on the connection's registry.</summary>
    public async Task<ImageInspection> InspectAsync(Actor actor, string name, string repository, string reference, Platform? platform, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        repository = CheckRepository(connection, repository);
        var image = ImageReference.TryParse($"{ConnectionAddress.Of(connection).Host.Name}/{repository}{Separator(reference)}{reference?.Trim()}", out var parsed, out var error)
            ? parsed
            : throw new ConnectionValidationException(connection.Type, [new ValidationError("reference", $"'{reference}' is neither a tag nor a digest: {error}")]);
        using var client = clients.Create(connection);
        return await WithinBrowseTimeAsync(connection, $"inspecting {repository}{Separator(reference)}{reference?.Trim()}",
            ct => ImageInspector.InspectAsync(client, image.Name, image.Repository, image.Reference, platform, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one browse against the connection's registry within <see cref="ConnectionPolicy.BrowseTimeout"/>, however many
    /// requests it makes; past it, an unreachable error names the registry, what was being done and the limit.
    /// </summary>
    private async Task<T> WithinBrowseTimeAsync<T>(Connection connection, string what, Func<CancellationToken, Task<T>> browse, CancellationToken cancellationToken)
    {
        if (_policy.BrowseTimeout is not { } limit)
        {
            return await browse(cancellationToken).ConfigureAwait(false);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            return await browse(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RegistryUnreachableException(ConnectionAddress.Of(connection).Host.Name,
                $"{what} took longer than the {limit.TotalSeconds:0.###} s a browse may take; the registry is slow or stalling, try again later");
        }
    }

    private static string Separator(string? reference) => reference is not null && reference.Contains(':', StringComparison.Ordinal) ? "@" : ":";

    /// <summary>
    /// A repository must be a repository name of the grammar, never a path: the name goes into the registry URL
    /// with the connection's credential attached.
    /// </summary>
    private static string CheckRepository(Connection connection, string? repository)
    {
        var trimmed = repository?.Trim() ?? "";
        var host = ConnectionAddress.Of(connection).Host;
        if (trimmed.Length == 0)
        {
            throw new ConnectionValidationException(connection.Type, [new ValidationError("repository", "a repository is required, e.g. team/app")]);
        }

        if (!ImageReference.TryParse($"{host.Name}/{trimmed}", out var parsed, out var error) || parsed.Tag is null || parsed.Digest is not null
            || !string.Equals(parsed.Repository, trimmed, StringComparison.Ordinal) && !string.Equals(parsed.Repository, "library/" + trimmed, StringComparison.Ordinal))
        {
            throw new ConnectionValidationException(connection.Type, [new ValidationError("repository", $"'{trimmed}' is not a repository name: {error ?? "lowercase path components such as team/app, without tag or digest"}")]);
        }

        return parsed.Repository;
    }

    private async Task<CachedListing?> FreshAsync(Connection connection, string scope, CancellationToken cancellationToken)
    {
        if (listings is null)
        {
            return null;
        }

        var found = await listings.GetListingAsync(connection.Id, scope, cancellationToken).ConfigureAwait(false);
        return found is not null && _time.GetUtcNow() - found.Refreshed < CacheIntervalOf(connection) ? found : null;
    }

    private async Task<CachedListing> SaveAsync(Connection connection, string scope, List<string> items, CancellationToken cancellationToken)
    {
        if (listings is not null)
        {
            await listings.SaveListingAsync(connection.Id, scope, items, cancellationToken).ConfigureAwait(false);
        }

        return new CachedListing(items, _time.GetUtcNow());
    }
}
