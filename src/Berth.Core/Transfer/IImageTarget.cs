using Berth.Content;
using Berth.References;

namespace Berth.Transfer;

/// <summary>
/// Where images are written: blobs first, manifests last (children before their index), so a reader
/// never finds a tag that points at missing content.
/// </summary>
public interface IImageTarget
{
    /// <summary>A display name, e.g. <c>127.0.0.1:5000/team/app</c> or <c>oci:/tmp/app</c>.</summary>
    string Name { get; }

    /// <summary>The tag (or digest) to write; null lets the copier use the source's tag.</summary>
    string? Reference { get; }

    /// <summary>False for formats that hold one single-platform image (docker-archive).</summary>
    bool SupportsIndex { get; }

    /// <summary>True when the target already holds this blob, so it need not be sent.</summary>
    Task<bool> HasBlobAsync(Descriptor blob, CancellationToken cancellationToken);

    /// <summary>Links the blob from the source without sending bytes, when both sides allow it.</summary>
    Task<bool> TryMountBlobAsync(Descriptor blob, IImageSource source, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a blob from a verifying stream. Nothing is committed unless the whole stream was read
    /// and verified; <paramref name="chunkSize"/> asks registries for chunked uploads.
    /// </summary>
    Task PutBlobAsync(Descriptor blob, Stream content, int? chunkSize, CancellationToken cancellationToken);

    /// <summary>The digest a tag currently points at; null when the tag does not exist.</summary>
    Task<Digest?> GetManifestDigestAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a manifest's exact bytes under <paramref name="tag"/>, or by digest only when null.
    /// <paramref name="root"/> is true for the image the copy was asked for (written last), false for
    /// the children of an index.
    /// </summary>
    Task PutManifestAsync(ManifestDocument manifest, string? tag, bool root, CancellationToken cancellationToken);
}
