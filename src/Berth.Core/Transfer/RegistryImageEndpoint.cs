using System.Net;
using System.Runtime.CompilerServices;
using Berth.Auth;
using Berth.Content;
using Berth.Distribution;
using Berth.Errors;
using Berth.References;

namespace Berth.Transfer;

/// <summary>A repository in a registry, as a copy source or target, over <see cref="RegistryClient"/>.</summary>
public sealed partial class RegistryImageEndpoint : IImageSource, IImageTarget
{
    /// <param name="client">The client for the repository's registry (not disposed here).</param>
    /// <param name="repository">The repository path, e.g. <c>team/app</c>.</param>
    /// <param name="reference">The tag or digest to read or write; null when none was named.</param>
    public RegistryImageEndpoint(RegistryClient client, string repository, string? reference)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        Client = client;
        Repository = repository;
        Reference = reference;
    }

    /// <summary>An endpoint for an image reference (its tag, or digest when it names one).</summary>
    public static RegistryImageEndpoint For(RegistryClient client, ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new RegistryImageEndpoint(client, image.Repository, image.Reference);
    }

    /// <summary>An endpoint for an image reference, with what the connection's probe knows about its registry.</summary>
    public static RegistryImageEndpoint For(RegistryClient client, ImageReference image, EndpointHints? hints)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Create(client, image.Repository, image.Reference, hints);
    }

    /// <summary>An endpoint with what the connection's probe knows about its registry (null: nothing).</summary>
    public static RegistryImageEndpoint Create(RegistryClient client, string repository, string? reference, EndpointHints? hints) =>
        new(client, repository, reference) { Mount = hints?.Mount, ReferrersApi = hints?.Referrers };

    /// <summary>
    /// Whether the registry honours cross-repository mounts, as the connection's probe recorded it; false sends the
    /// bytes without asking (ECR answers every mount with an upload session); null tries.
    /// </summary>
    public bool? Mount { get; init; }

    public RegistryClient Client { get; }

    public string Repository { get; }

    public string? Reference { get; }

    public string Name => Client.Registry.Name + "/" + Repository;

    public bool SupportsIndex => true;

    public Task<ManifestDocument> GetManifestAsync(string? reference, CancellationToken cancellationToken) =>
        Client.GetManifestAsync(Repository, reference ?? Reference ?? Tag.Latest.Value, cancellationToken);

    public async Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return await Client.GetBlobAsync(Repository, DescriptorDigest.Of(blob), blob.Size, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var tag in Client.ListTagsAsync(Repository, cancellationToken).ConfigureAwait(false))
        {
            yield return tag;
        }
    }

    public async Task<bool> HasBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        // Asked as the target: with a push token, which a repository that does not exist yet needs (Docker Hub).
        var size = await Client.HeadBlobAsync(Repository, DescriptorDigest.Of(blob), AccessScope.RepositoryPush(Repository), cancellationToken).ConfigureAwait(false);
        // A size that disagrees with the descriptor (or none reported) still means the registry holds that digest.
        return size is not null;
    }

    public async Task<bool> TryMountBlobAsync(Descriptor blob, IImageSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (Mount == false || source is not RegistryImageEndpoint from || from.Client.Registry != Client.Registry || from.Repository == Repository)
        {
            return false;
        }

        try
        {
            return await Client.MountBlobAsync(Repository, DescriptorDigest.Of(blob), from.Repository, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound)
        {
            // No pull right on the source repository for this identity: send the bytes instead.
            return false;
        }
    }

    public async Task PutBlobAsync(Descriptor blob, Stream content, int? chunkSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        await Client.UploadBlobAsync(Repository, DescriptorDigest.Of(blob), blob.Size, content,
            new BlobUploadOptions { ChunkSize = chunkSize }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Digest?> GetManifestDigestAsync(string reference, CancellationToken cancellationToken)
    {
        var info = await Client.HeadManifestAsync(Repository, reference, AccessScope.RepositoryPush(Repository), cancellationToken).ConfigureAwait(false);
        return info?.Digest;
    }

    public async Task PutManifestAsync(ManifestDocument manifest, string? tag, bool root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await Client.PutManifestAsync(Repository, tag ?? manifest.Digest.Value, manifest.Bytes, manifest.MediaType, cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => Name;
}
