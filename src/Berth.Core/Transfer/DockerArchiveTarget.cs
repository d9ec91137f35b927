using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using Berth.Content;
using Berth.References;

namespace Berth.Transfer;

/// <summary>
/// Writes one image as a docker-archive tar that <c>docker load</c> and skopeo's <c>docker-archive:</c>
/// read: <c>&lt;config-hex&gt;.json</c>, one uncompressed <c>&lt;diff-id-hex&gt;.tar</c> per layer and
/// <c>manifest.json</c>, laid out as skopeo writes them. Layers are decompressed while they arrive
/// and staged beside the output; the archive is assembled in a temporary file and renamed into place
/// only when the manifest is written, so a failed copy leaves no archive behind.
/// </summary>
public sealed class DockerArchiveTarget : IImageTarget, IImageOnlyTarget, IDisposable
{
    private readonly ConcurrentDictionary<string, Staged> _staged = new(StringComparer.Ordinal);
    private readonly string _stagingDirectory;
    private readonly ForeignLayerFetcher _foreignLayers;
    private readonly bool _ownsFetcher;

    /// <param name="path">The archive file to write (replaced if it exists).</param>
    /// <param name="name">The name recorded in RepoTags, e.g. <c>app:1.0</c>; null writes an untagged image.</param>
    /// <param name="foreignLayers">Fetches foreign layers from their URLs; null uses one under the default address policy.</param>
    public DockerArchiveTarget(string path, ImageReference? name, ForeignLayerFetcher? foreignLayers = null)
    {
        _ownsFetcher = foreignLayers is null;
        _foreignLayers = foreignLayers ?? new ForeignLayerFetcher();
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArchivePath = Path.GetFullPath(path);
        ImageName = name;
        _stagingDirectory = Path.Combine(Path.GetDirectoryName(ArchivePath)!,
            "." + Path.GetFileName(ArchivePath) + ".berth-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public string ArchivePath { get; }

    public ImageReference? ImageName { get; }

    public string Name => "docker-archive:" + ArchivePath;

    /// <summary>The RepoTags name (not a tag lookup: archives are always written whole).</summary>
    public string? Reference => ImageName?.Familiar;

    public bool SupportsIndex => false;

    /// <summary>
    /// Only a container image fits: an image config (Docker or OCI), no artifactType, and tar layers. An artifact's "layers"
    /// (JSON, signatures) written as <c>.tar</c> entries give an archive docker, podman and skopeo all reject.
    /// </summary>
    public void Admit(ManifestDocument manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Image is not { } image)
        {
            return;
        }

        var config = image.Config.MediaType;
        var notImage = image.ArtifactType is { } artifactType
            ? $"an artifact of type {artifactType} (config {config})"
            : config is not (MediaTypes.DockerConfig or MediaTypes.OciConfig)
                ? $"an artifact whose config is {(string.IsNullOrEmpty(config) ? "of no media type" : config)}, not an image config"
                : image.Layers.FirstOrDefault(l => !IsTarLayer(l.MediaType)) is { } odd
                    ? $"an artifact whose layer {odd.Digest} is {odd.MediaType}, not a filesystem layer"
                    : null;
        if (notImage is not null)
        {
            throw new TransferException(
                $"{manifest.Digest} is {notImage}; a docker-archive holds container images only (docker load, podman and skopeo refuse anything else), so nothing was written to {ArchivePath} — copy it to a registry or an oci: layout instead");
        }
    }

    private static bool IsTarLayer(string mediaType) =>
        mediaType is MediaTypes.DockerLayer or MediaTypes.DockerForeignLayer or MediaTypes.OciLayer or MediaTypes.OciLayerGzip or MediaTypes.OciLayerZstd
            or "application/vnd.docker.image.rootfs.diff.tar"
        || mediaType.StartsWith("application/vnd.oci.image.layer.nondistributable.v1.tar", StringComparison.Ordinal);

    public Task<bool> HasBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return Task.FromResult(_staged.ContainsKey(blob.Digest));
    }

    public Task<bool> TryMountBlobAsync(Descriptor blob, IImageSource source, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task PutBlobAsync(Descriptor blob, Stream content, int? chunkSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        var digest = DescriptorDigest.Of(blob);
        if (blob.MediaType.Contains("zstd", StringComparison.Ordinal))
        {
            throw new TransferException($"layer {blob.Digest} is zstd-compressed; docker-archive needs uncompressed layers and Berth cannot decompress zstd");
        }

        Directory.CreateDirectory(_stagingDirectory);
        var path = Path.Combine(_stagingDirectory, digest.Algorithm + "-" + digest.Hex);
        var compressed = blob.MediaType.Contains("gzip", StringComparison.Ordinal);
        var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1024 * 1024, FileOptions.Asynchronous);
        Digest diffId;
        long size;
        await using (output.ConfigureAwait(false))
        {
            using var hashing = new HashingWriteStream(output);
            if (compressed)
            {
                var gunzip = new GZipStream(content, CompressionMode.Decompress, leaveOpen: true);
                await using (gunzip.ConfigureAwait(false))
                {
                    await gunzip.CopyToAsync(hashing, 1024 * 1024, cancellationToken).ConfigureAwait(false);
                }

                // Read to the end so the source's digest check runs over every compressed byte.
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await content.CopyToAsync(hashing, 1024 * 1024, cancellationToken).ConfigureAwait(false);
            }

            await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
            diffId = hashing.Digest();
            size = hashing.BytesWritten;
        }

        _staged[blob.Digest] = new Staged(path, diffId, size);
    }

    public Task<Digest?> GetManifestDigestAsync(string reference, CancellationToken cancellationToken) => Task.FromResult<Digest?>(null);

    public async Task PutManifestAsync(ManifestDocument manifest, string? tag, bool root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!root)
        {
            return;
        }

        if (manifest.Image is not { } image)
        {
            throw new TransferException($"{Name} holds a single image; a {manifest.MediaType} cannot be written there (choose one with --platform)");
        }

        // Registries do not hold foreign layers; an archive needs their bytes, fetched from the layer's own URLs.
        foreach (var foreign in image.Layers.Where(l => ForeignLayerFetcher.IsForeign(l) && !_staged.ContainsKey(l.Digest)).DistinctBy(l => l.Digest))
        {
            var stream = await _foreignLayers.OpenAsync(foreign, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await PutBlobAsync(foreign, stream, null, cancellationToken).ConfigureAwait(false);
            }
        }

        var config = Require(image.Config);
        var layers = image.Layers.Select(Require).ToList();
        var temp = Path.Combine(Path.GetDirectoryName(ArchivePath)!, "." + Path.GetFileName(ArchivePath) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var writer = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    var configName = DescriptorDigest.Of(image.Config).Hex + ".json";
                    await AddFileAsync(writer, configName, config.Path, cancellationToken).ConfigureAwait(false);
                    var layerNames = new List<string>();
                    var written = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var layer in layers)
                    {
                        var name = layer.DiffId.Hex + ".tar";
                        layerNames.Add(name);
                        if (written.Add(name))
                        {
                            await AddFileAsync(writer, name, layer.Path, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    List<DockerArchiveImage> index =
                    [
                        new DockerArchiveImage
                        {
                            Config = configName,
                            RepoTags = ImageName is { Tag: not null } n ? [n.FamiliarName + ":" + n.Tag.Value.Value] : [],
                            Layers = layerNames,
                        },
                    ];
                    var json = ReadableJson.Serialize(index, TransferJsonContext.Default.ListDockerArchiveImage);
                    await AddBytesAsync(writer, "manifest.json", json, cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, ArchivePath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Removes the staged layers (the archive itself stays).</summary>
    public void Dispose()
    {
        if (_ownsFetcher)
        {
            _foreignLayers.Dispose();
        }

        if (Directory.Exists(_stagingDirectory))
        {
            Directory.Delete(_stagingDirectory, recursive: true);
        }
    }

    public override string ToString() => Name;

    private Staged Require(Descriptor descriptor) =>
        _staged.TryGetValue(descriptor.Digest, out var staged)
            ? staged
            : throw new TransferException($"{Name}: blob {descriptor.Digest} was not written before the manifest");

    private static async Task AddFileAsync(TarWriter writer, string name, string path, CancellationToken cancellationToken)
    {
        var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (data.ConfigureAwait(false))
        {
            await writer.WriteEntryAsync(Entry(name, data), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AddBytesAsync(TarWriter writer, string name, byte[] bytes, CancellationToken cancellationToken)
    {
        using var data = new MemoryStream(bytes, writable: false);
        await writer.WriteEntryAsync(Entry(name, data), cancellationToken).ConfigureAwait(false);
    }

    // Fixed times and modes, so the same image always produces the same archive.
    private static PaxTarEntry Entry(string name, Stream data) => new(TarEntryType.RegularFile, name)
    {
        DataStream = data,
        Mode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        ModificationTime = DateTimeOffset.UnixEpoch,
    };

    private sealed record Staged(string Path, Digest DiffId, long Size);
}
