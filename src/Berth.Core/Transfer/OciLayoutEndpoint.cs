using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Berth.Content;
using Berth.Errors;
using Berth.References;
using Berth.Transport;

namespace Berth.Transfer;

/// <summary>
/// An OCI image layout directory (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>)
/// as a copy source or target. Tags are <c>org.opencontainers.image.ref.name</c> annotations on
/// <c>index.json</c> entries. Writes are atomic: each blob goes to a temporary file that is renamed
/// once complete and verified, and <c>index.json</c> is replaced last.
/// </summary>
public sealed class OciLayoutEndpoint : IImageSource, IImageTarget, IDisposable
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const int CopyBufferSize = 1024 * 1024;
    private const int MaxManifestBytes = 4 * 1024 * 1024;
    private const int MaxIndexBytes = 16 * 1024 * 1024;
    private readonly SemaphoreSlim _indexLock = new(1, 1);

    /// <param name="directory">The layout directory; created on first write when missing.</param>
    /// <param name="reference">The tag (ref name) or digest; null when none was named.</param>
    public OciLayoutEndpoint(string directory, string? reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        Reference = string.IsNullOrEmpty(reference) ? null : reference;
    }

    public string Directory { get; }

    public string? Reference { get; }

    public string Name => "oci:" + Directory;

    public bool SupportsIndex => true;

    private string IndexPath => Path.Combine(Directory, "index.json");

    /// <summary>Where a blob lives in the layout.</summary>
    public string BlobPath(Digest digest) => Path.Combine(Directory, "blobs", digest.Algorithm, digest.Hex);

    public async Task<ManifestDocument> GetManifestAsync(string? reference, CancellationToken cancellationToken)
    {
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new TransferException($"{Directory} is not an OCI image layout: index.json is missing");
        reference ??= Reference;
        Descriptor? entry;
        Digest digest;
        if (reference is not null && Digest.TryParse(reference, out var byDigest))
        {
            digest = byDigest;
            entry = index.Manifests.FirstOrDefault(m => m.Digest == byDigest.Value);
        }
        else
        {
            entry = FindEntry(index, reference);
            digest = DescriptorDigest.Of(entry);
        }

        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            throw new TransferException($"manifest {digest} is missing from {Name} (no file {path})");
        }

        var bytes = await BoundedContent.ReadFileAsync(path, MaxManifestBytes,
            () => new TransferException($"manifest {digest} in {Name} is larger than the {BoundedContent.FormatBytes(MaxManifestBytes)} limit for a manifest; the layout is damaged or was not written as an OCI layout"),
            kind => NotAFile(path, kind), cancellationToken).ConfigureAwait(false);
        var actual = digest.Algorithm == "sha512" ? Digest.Sha512(bytes) : Digest.Sha256(bytes);
        if (actual != digest)
        {
            throw new DigestMismatchException($"manifest {digest} in {Name}", digest.Value, actual.Value);
        }

        try
        {
            return ManifestDocument.Parse(bytes, entry?.MediaType);
        }
        catch (FormatException ex)
        {
            throw new TransferException($"manifest {digest} in {Name} is unreadable: {ex.Message}", ex);
        }
    }

    public Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var path = BlobPath(DescriptorDigest.Of(blob));
        BoundedContent.RequireRegularFile(path, kind => NotAFile(path, kind));
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TransferException($"blob {blob.Digest} is missing from {Name} (no file {path})", ex);
        }

        return Task.FromResult<Stream>(DescriptorDigest.Verify(file, blob, Name));
    }

    public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        foreach (var m in index?.Manifests ?? [])
        {
            if (RefName(m) is { } tag)
            {
                yield return tag;
            }
        }
    }

    public Task<bool> HasBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var file = new FileInfo(BlobPath(DescriptorDigest.Of(blob)));
        return Task.FromResult(file.Exists && file.Length == blob.Size);
    }

    public Task<bool> TryMountBlobAsync(Descriptor blob, IImageSource source, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task PutBlobAsync(Descriptor blob, Stream content, int? chunkSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        var digest = DescriptorDigest.Of(blob);
        await EnsureLayoutAsync(cancellationToken).ConfigureAwait(false);
        var final = BlobPath(digest);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        // Sources hand out verifying streams: a wrong byte makes the copy throw before the rename.
        // Each chunk is written (in small pieces, see PiecewiseFileWriter) while the next one is read.
        // The blob's blocks are reserved up front (fallocate, file size unchanged): a full disk fails before the
        // download, and ext4 then does no delayed-allocation bookkeeping per page (a third less kernel time).
        await WriteAtomicallyAsync(final, async file =>
        {
            var writer = new PiecewiseFileWriter(file);
            await OverlappedCopy.CopyAsync(content, writer.WriteAsync, CopyBufferSize, cancellationToken).ConfigureAwait(false);
        }, cancellationToken, preallocationSize: Math.Max(blob.Size, 0)).ConfigureAwait(false);
    }

    public async Task<Digest?> GetManifestDigestAsync(string reference, CancellationToken cancellationToken)
    {
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var entry = index?.Manifests.LastOrDefault(m => RefName(m) == reference);
        return entry is not null && Digest.TryParse(entry.Digest, out var d) && File.Exists(BlobPath(d)) ? d : null;
    }

    public async Task PutManifestAsync(ManifestDocument manifest, string? tag, bool root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await EnsureLayoutAsync(cancellationToken).ConfigureAwait(false);
        var path = BlobPath(manifest.Digest);
        if (!File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await WriteAtomicallyAsync(path, file => RandomAccess.WriteAsync(file, manifest.Bytes, 0, cancellationToken).AsTask(),
                cancellationToken).ConfigureAwait(false);
        }

        if (!root && tag is null)
        {
            return;
        }

        await _indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false) ?? NewIndex();
            var entry = manifest.ToDescriptor() with
            {
                Annotations = tag is null ? null : new Dictionary<string, string> { [RefNameAnnotation] = tag },
            };
            // One entry per ref name; an untagged root replaces an untagged entry of the same digest.
            var kept = index.Manifests.Where(m => tag is null
                ? RefName(m) is not null || m.Digest != entry.Digest
                : RefName(m) != tag);
            var updated = index with { Manifests = [.. kept, entry] };
            var json = ReadableJson.Serialize(updated, ContentConfigJson.ImageIndex);
            await WriteAtomicallyAsync(IndexPath, file => RandomAccess.WriteAsync(file, json, 0, cancellationToken).AsTask(),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _indexLock.Release();
        }
    }

    public void Dispose() => _indexLock.Dispose();

    public override string ToString() => Name;

    private Descriptor FindEntry(ImageIndex index, string? reference)
    {
        if (reference is null)
        {
            return index.Manifests.Count switch
            {
                1 => index.Manifests[0],
                0 => throw new TransferException($"{Name} holds no images"),
                _ => throw new TransferException(
                    $"{Name} holds {index.Manifests.Count} images; name one as oci:{Directory}:TAG (tags: {TagList(index)})"),
            };
        }

        return index.Manifests.LastOrDefault(m => RefName(m) == reference)
            ?? throw new ImageNotFoundException($"{Name} has no image tagged '{reference}' (tags: {TagList(index)})");
    }

    private static string TagList(ImageIndex index)
    {
        var tags = index.Manifests.Select(RefName).OfType<string>().ToList();
        return tags.Count == 0 ? "none" : string.Join(", ", tags);
    }

    private static string? RefName(Descriptor descriptor) =>
        descriptor.Annotations is { } a && a.TryGetValue(RefNameAnnotation, out var name) ? name : null;

    private TransferException NotAFile(string path, string kind) =>
        new($"{path} is {kind}, not a regular file; {Name} must be an OCI layout directory of regular files (index.json, blobs/…)");

    private static ImageIndex NewIndex() => new() { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [] };

    private async Task<ImageIndex?> ReadIndexAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(IndexPath))
        {
            return null;
        }

        var bytes = await BoundedContent.ReadFileAsync(IndexPath, MaxIndexBytes,
            () => new TransferException($"{IndexPath} is larger than the {BoundedContent.FormatBytes(MaxIndexBytes)} limit for an image index; the layout is damaged or is not an OCI layout"),
            kind => NotAFile(IndexPath, kind), cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, ContentConfigJson.ImageIndex)
                ?? throw new TransferException($"{IndexPath} is JSON null, not an image index");
        }
        catch (JsonException ex)
        {
            throw new TransferException($"{IndexPath} is not a valid image index: {ex.Message}", ex);
        }
    }

    private async Task EnsureLayoutAsync(CancellationToken cancellationToken)
    {
        var marker = Path.Combine(Directory, "oci-layout");
        if (File.Exists(marker))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var json = JsonSerializer.SerializeToUtf8Bytes(new OciLayoutMarker(), TransferJsonContext.Default.OciLayoutMarker);
        await WriteAtomicallyAsync(marker, file => RandomAccess.WriteAsync(file, json, 0, cancellationToken).AsTask(),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    private static async Task WriteAtomicallyAsync(string path, Func<SafeFileHandle, Task> write, CancellationToken cancellationToken,
        long preallocationSize = 0)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            using (var file = CreateTemporary(temp, preallocationSize))
            {
                await write(file).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static SafeFileHandle CreateTemporary(string path, long preallocationSize)
    {
        try
        {
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize);
        }
        catch (IOException) when (preallocationSize > 0)
        {
            // The reservation failed (no room for the size the manifest claims, or a file system limit): write without
            // it, so a registry that lies about the size still fails on the size check, with its own error.
            File.Delete(path);
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
    }
}
