namespace Berth.Testing;

/// <summary>
/// An image (or image index) written into an OCI image layout by <see cref="TestImages"/>.
/// For an index, <see cref="Manifests"/> holds the platform images and <see cref="Config"/> is null.
/// </summary>
public sealed record OciLayoutImage
{
    /// <summary>The layout directory (holds <c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/</c>).</summary>
    public required string Directory { get; init; }

    /// <summary>The <c>org.opencontainers.image.ref.name</c> in <c>index.json</c>; empty for an index's child manifests.</summary>
    public required string Tag { get; init; }

    /// <summary>Digest of the manifest (or index) bytes, <c>sha256:…</c>.</summary>
    public required string Digest { get; init; }

    /// <summary><c>application/vnd.oci.image.manifest.v1+json</c> or <c>application/vnd.oci.image.index.v1+json</c>.</summary>
    public required string MediaType { get; init; }

    /// <summary>Exact manifest (or index) bytes as stored.</summary>
    public required byte[] ManifestBytes { get; init; }

    public OciBlob? Config { get; init; }

    /// <summary>This image's layers; for an index, every platform's layers in order.</summary>
    public required IReadOnlyList<OciBlob> Layers { get; init; }

    /// <summary>Platform images of an index; empty for a single image.</summary>
    public IReadOnlyList<OciLayoutImage> Manifests { get; init; } = [];

    /// <summary>The platform of a single image; null for an index.</summary>
    public TestPlatform? Platform { get; init; }

    public long ManifestSize => ManifestBytes.Length;

    /// <summary>Manifest + config + layers (for an index: the index plus all of its images).</summary>
    public long TotalSize => ManifestSize + (Config?.Size ?? 0) + (Manifests.Count == 0 ? Layers.Sum(l => l.Size) : Manifests.Sum(m => m.TotalSize));

    public bool IsIndex => Manifests.Count > 0;

    /// <summary>Config and layer digests, config first; for an index, each platform image's in turn.</summary>
    public IReadOnlyList<string> BlobDigests =>
        IsIndex ? [.. Manifests.SelectMany(m => m.BlobDigests)] : [.. Layers.Prepend(Config!).Select(b => b.Digest)];

    /// <summary>The platform image of an index for <c>os/arch[/variant]</c>; throws when the index has none or several.</summary>
    public OciLayoutImage ForPlatform(string platform)
    {
        var wanted = TestPlatform.Parse(platform);
        return Manifests.Single(m => m.Platform == wanted);
    }

    /// <summary>The skopeo / containers-image reference <c>oci:DIR:TAG</c>.</summary>
    public string OciReference => $"oci:{Directory}:{Tag}";

    /// <summary>Path of a blob in this layout.</summary>
    public string BlobPath(string digest) => TestImages.BlobPath(Directory, digest);
}
