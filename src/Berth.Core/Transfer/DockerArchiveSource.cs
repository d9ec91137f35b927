using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Berth.Content;
using Berth.References;
using Berth.Transport;

namespace Berth.Transfer;

/// <summary>
/// Reads one image from a docker-archive tar (what <c>docker save</c> and skopeo's
/// <c>docker-archive:</c> write: <c>manifest.json</c> with Config, RepoTags and Layers).
/// Such archives hold layers uncompressed; like skopeo, the image is presented as a Docker schema 2
/// manifest whose layers are gzip-compressed on the way out (so layer digests differ from the
/// archive's diff IDs, and the config, hence the image id, stays the same). Layers already
/// gzip-compressed in the archive are passed through unchanged. Each distinct layer (one tar entry, or
/// one diff ID, however many times manifest.json lists it) is compressed once; the compressed copy is
/// staged in a temporary directory that <see cref="Dispose"/> removes. Without staging (a dry run) layers
/// are compressed only to learn their digests and sizes, and nothing is written until a blob is opened.
/// </summary>
public sealed class DockerArchiveSource : IImageSource, IDisposable
{
    private const int MaxConfigBytes = 16 * 1024 * 1024;
    private const int MaxManifestBytes = 4 * 1024 * 1024;
    private readonly SemaphoreSlim _prepare = new(1, 1);
    private readonly string _workDirectory;
    private readonly bool _stage;
    private readonly ConcurrentBag<LazyStaging> _lazy = [];
    private int _staged;
    private Prepared? _prepared;

    /// <param name="path">The archive file.</param>
    /// <param name="reference">
    /// Which image: a name from RepoTags (<c>app:1.0</c>), <c>@N</c> for the N-th image (from 0), or null
    /// when the archive holds exactly one.
    /// </param>
    /// <param name="workDirectory">Where compressed layers are staged; a new temporary directory when null.</param>
    /// <param name="stage">
    /// False for a dry run: layers are compressed into nothing to learn their digests, and no file is written
    /// (a blob opened later is staged then).
    /// </param>
    public DockerArchiveSource(string path, string? reference, string? workDirectory = null, bool stage = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArchivePath = Path.GetFullPath(path);
        Reference = string.IsNullOrEmpty(reference) ? null : reference;
        _workDirectory = workDirectory ?? Path.Combine(Path.GetTempPath(), "berth-archive-" + Guid.NewGuid().ToString("N")[..12]);
        _stage = stage;
    }

    public string ArchivePath { get; }

    public string? Reference { get; }

    public string Name => "docker-archive:" + ArchivePath;

    /// <summary>The RepoTags of the selected image (after the manifest was read).</summary>
    public IReadOnlyList<string> RepoTags => _prepared?.RepoTags ?? [];

    public async Task<ManifestDocument> GetManifestAsync(string? reference, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (reference is not null && reference != Reference && reference != prepared.Manifest.Digest.Value
            && !prepared.RepoTags.Any(t => TagOf(t) == reference))
        {
            throw new ImageNotFoundException($"{Name} holds no image '{reference}'");
        }

        return prepared.Manifest;
    }

    public async Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var prepared = await PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (!prepared.Blobs.TryGetValue(blob.Digest, out var open))
        {
            throw new TransferException($"{Name} has no blob {blob.Digest}");
        }

        return DescriptorDigest.Verify(await open(cancellationToken).ConfigureAwait(false), blob, Name);
    }

    public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tag in prepared.RepoTags.Select(TagOf).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            yield return tag;
        }
    }

    public void Dispose()
    {
        _prepare.Dispose();
        foreach (var lazy in _lazy)
        {
            lazy.Dispose();
        }

        if (Directory.Exists(_workDirectory))
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
    }

    public override string ToString() => Name;

    private static string? TagOf(string repoTag) =>
        ImageReference.TryParse(repoTag, out var parsed) ? parsed.Tag?.Value : null;

    private async Task<Prepared> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_prepared is { } done)
        {
            return done;
        }

        await _prepare.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _prepared ??= await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _prepare.Release();
        }
    }

    private async Task<Prepared> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(ArchivePath))
        {
            throw new TransferException($"{ArchivePath}: no such docker-archive file");
        }

        BoundedContent.RequireRegularFile(ArchivePath, kind => new TransferException(
            $"{ArchivePath} is {kind}, not a regular file; a docker-archive must be a tar file (docker save -o FILE, or skopeo copy … docker-archive:FILE)"));
        var tar = await TarIndex.ReadAsync(ArchivePath, cancellationToken).ConfigureAwait(false);
        if (!tar.TryGet("manifest.json", out _))
        {
            throw new TransferException($"{ArchivePath} is not a docker-archive: it has no manifest.json (was it written by docker save or skopeo?)");
        }

        List<DockerArchiveImage> images;
        try
        {
            var manifestStream = tar.Open("manifest.json");
            await using (manifestStream.ConfigureAwait(false))
            {
                var manifestBytes = await BoundedContent.ReadAsync(manifestStream, null, MaxManifestBytes, () => new TransferException(
                    $"{ArchivePath}: manifest.json is larger than the {BoundedContent.FormatBytes(MaxManifestBytes)} limit; the archive is damaged or was not written by docker save or skopeo"),
                    cancellationToken).ConfigureAwait(false);
                images = JsonSerializer.Deserialize(manifestBytes, TransferJsonContext.Default.ListDockerArchiveImage) ?? [];
            }
        }
        catch (JsonException ex)
        {
            throw new TransferException($"{ArchivePath}: manifest.json is not valid: {ex.Message}", ex);
        }

        var image = Select(images);
        var configBytes = await ReadSmallAsync(tar, image.Config, cancellationToken).ConfigureAwait(false);
        var configDigest = Digest.Sha256(configBytes);
        var diffIds = ReadDiffIds(configBytes, image.Layers.Count);

        var blobs = new ConcurrentDictionary<string, OpenBlob>(StringComparer.Ordinal);
        blobs[configDigest.Value] = _ => ValueTask.FromResult<Stream>(new MemoryStream(configBytes, writable: false));
        var layers = new Descriptor[image.Layers.Count];
        // A layer listed many times (one tar entry, or entries with one diff ID) is read and compressed once.
        var distinct = new ConcurrentDictionary<string, Lazy<Task<(Descriptor, OpenBlob)>>>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, layers.Length), parallel, async (i, ct) =>
        {
            var name = image.Layers[i];
            if (!tar.TryGet(name, out var file))
            {
                throw new TransferException($"{tar.ArchivePath}: manifest.json names layer '{name}', which the archive does not contain");
            }

            var diffId = diffIds?[i];
            var key = diffId is { } id ? id.Value : "entry@" + file.Offset.ToString(CultureInfo.InvariantCulture);
            var prepared = distinct.GetOrAdd(key, _ => new Lazy<Task<(Descriptor, OpenBlob)>>(() => PrepareLayerAsync(tar, name, diffId, ct)));
            var (descriptor, open) = await prepared.Value.ConfigureAwait(false);
            layers[i] = descriptor;
            blobs[descriptor.Digest] = open;
        }).ConfigureAwait(false);

        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = configDigest.Value, Size = configBytes.Length },
            Layers = layers,
        };
        var bytes = ReadableJson.Serialize(manifest, ContentConfigJson.ImageManifest);
        return new Prepared(ManifestDocument.Parse(bytes, MediaTypes.DockerManifest), blobs, image.RepoTags ?? []);
    }

    private DockerArchiveImage Select(List<DockerArchiveImage> images)
    {
        if (images.Count == 0)
        {
            throw new TransferException($"{ArchivePath}: manifest.json lists no images");
        }

        var names = string.Join(", ", images.SelectMany(i => i.RepoTags ?? []).DefaultIfEmpty("none"));
        if (Reference is null)
        {
            return images.Count == 1
                ? images[0]
                : throw new TransferException($"{ArchivePath} holds {images.Count} images; name one as docker-archive:{ArchivePath}:NAME or :@N (names: {names})");
        }

        if (Reference.StartsWith('@'))
        {
            return int.TryParse(Reference.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < images.Count
                ? images[n]
                : throw new ImageNotFoundException($"{ArchivePath} holds {images.Count} images; '{Reference}' is not one of @0..@{images.Count - 1}");
        }

        var wanted = ImageReference.TryParse(Reference, out var parsed) ? parsed.Canonical : Reference;
        return images.FirstOrDefault(i => (i.RepoTags ?? []).Any(t => (ImageReference.TryParse(t, out var p) ? p.Canonical : t) == wanted))
            ?? throw new ImageNotFoundException($"{ArchivePath} has no image named '{Reference}' (names: {names})");
    }

    private static async Task<byte[]> ReadSmallAsync(TarIndex tar, string name, CancellationToken cancellationToken)
    {
        if (!tar.TryGet(name, out var file))
        {
            throw new TransferException($"{tar.ArchivePath}: manifest.json names '{name}', which the archive does not contain");
        }

        if (file.Length > MaxConfigBytes)
        {
            throw new TransferException($"{tar.ArchivePath}: config '{name}' is {file.Length} bytes, over the {MaxConfigBytes} byte limit");
        }

        var stream = tar.Open(name);
        await using (stream.ConfigureAwait(false))
        {
            var bytes = new byte[file.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
    }

    private List<Digest>? ReadDiffIds(byte[] config, int layerCount)
    {
        DockerRootFs? rootFs;
        try
        {
            rootFs = JsonSerializer.Deserialize(config, TransferJsonContext.Default.DockerRootFs);
        }
        catch (JsonException ex)
        {
            throw new TransferException($"{ArchivePath}: the image config is not valid JSON: {ex.Message}", ex);
        }

        var ids = rootFs?.RootFs?.DiffIds;
        if (ids is null)
        {
            return null;
        }

        if (ids.Count != layerCount)
        {
            throw new TransferException($"{ArchivePath}: the image config lists {ids.Count} layer diff IDs but manifest.json lists {layerCount} layers");
        }

        return ids.Select(id => Digest.TryParse(id, out var d) ? d
            : throw new TransferException($"{ArchivePath}: the image config has an invalid diff ID '{id}'")).ToList();
    }

    /// <summary>
    /// Describes one layer: an already compressed one by its own digest; an uncompressed one gzip-compressed (into
    /// the work directory when staging, else into nothing), checked against its diff ID on the way.
    /// </summary>
    private async Task<(Descriptor, OpenBlob)> PrepareLayerAsync(TarIndex tar, string name, Digest? diffId, CancellationToken ct)
    {
        tar.TryGet(name, out var file);
        var head = new byte[2];
        var probe = tar.Open(name);
        await using (probe.ConfigureAwait(false))
        {
            var got = await probe.ReadAtLeastAsync(head, 2, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            if (got == 2 && head[0] == 0x1f && head[1] == 0x8b)
            {
                // Already compressed: pass the bytes through under their own digest.
                using var hashing = new HashingWriteStream(Stream.Null);
                await hashing.WriteAsync(head, ct).ConfigureAwait(false);
                await probe.CopyToAsync(hashing, 1024 * 1024, ct).ConfigureAwait(false);
                var digest = hashing.Digest();
                return (new Descriptor { MediaType = MediaTypes.DockerLayer, Digest = digest.Value, Size = file.Length },
                    _ => ValueTask.FromResult(tar.Open(name)));
            }
        }

        if (_stage)
        {
            var staged = NextStagingPath();
            var (digest, size) = await CompressAsync(tar, name, diffId, file.Length, staged, ct).ConfigureAwait(false);
            return (new Descriptor { MediaType = MediaTypes.DockerLayer, Digest = digest.Value, Size = size }, _ => ValueTask.FromResult<Stream>(OpenStaged(staged)));
        }

        var (dryDigest, drySize) = await CompressAsync(tar, name, diffId, file.Length, null, ct).ConfigureAwait(false);
        var later = new LazyStaging(this, tar, name, diffId, file.Length);
        _lazy.Add(later);
        return (new Descriptor { MediaType = MediaTypes.DockerLayer, Digest = dryDigest.Value, Size = drySize }, later.OpenAsync);
    }

    /// <summary>Gzip-compresses one tar entry into <paramref name="staged"/> (or nowhere when null); returns the compressed digest and size.</summary>
    private async Task<(Digest Digest, long Size)> CompressAsync(TarIndex tar, string name, Digest? diffId, long length, string? staged, CancellationToken ct)
    {
        Stream source = tar.Open(name);
        if (diffId is { } expected)
        {
            source = new VerifyingStream(source, expected, length, $"layer {name} in {Name} (diff ID from the image config)");
        }

        await using (source.ConfigureAwait(false))
        {
            var output = staged is null
                ? Stream.Null
                : new FileStream(staged, FileMode.Create, FileAccess.Write, FileShare.None, 1024 * 1024, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                using var hashing = new HashingWriteStream(output);
                var gzip = new GZipStream(hashing, CompressionLevel.Fastest, leaveOpen: true);
                await using (gzip.ConfigureAwait(false))
                {
                    await source.CopyToAsync(gzip, 1024 * 1024, ct).ConfigureAwait(false);
                }

                return (hashing.Digest(), hashing.BytesWritten);
            }
        }
    }

    private string NextStagingPath()
    {
        Directory.CreateDirectory(_workDirectory);
        return Path.Combine(_workDirectory, Interlocked.Increment(ref _staged).ToString(CultureInfo.InvariantCulture) + ".tar.gz");
    }

    private static FileStream OpenStaged(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Opens a blob: the bytes as described, verified by the caller.</summary>
    private delegate ValueTask<Stream> OpenBlob(CancellationToken cancellationToken);

    /// <summary>A layer described without staging: compressed to disk the first time it is opened, then read from there.</summary>
    private sealed class LazyStaging(DockerArchiveSource owner, TarIndex tar, string name, Digest? diffId, long length) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private string? _path;

        public async ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_path is null)
                {
                    var path = owner.NextStagingPath();
                    await owner.CompressAsync(tar, name, diffId, length, path, cancellationToken).ConfigureAwait(false);
                    _path = path;
                }

                return OpenStaged(_path);
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose() => _gate.Dispose();
    }

    private sealed record Prepared(ManifestDocument Manifest, ConcurrentDictionary<string, OpenBlob> Blobs, IReadOnlyList<string> RepoTags);
}
