using Berth.Content;

namespace Berth.Transfer;

/// <summary>How <see cref="ImageCopier"/> copies.</summary>
public sealed record CopyOptions
{
    /// <summary>Blobs transferred at once unless told otherwise.</summary>
    public const int DefaultJobs = 6;

    /// <summary>Copy only this platform's image out of an index; the tag then points at that image.</summary>
    public Platform? Platform { get; init; }

    /// <summary>
    /// The platform picked from an index when the target holds single images only (docker-archive)
    /// and <see cref="Platform"/> is not set.
    /// </summary>
    public Platform DefaultPlatform { get; init; } = new() { Os = "linux", Architecture = "amd64" };

    /// <summary>Copy every tag of the source, each to the same tag at the target.</summary>
    public bool AllTags { get; init; }

    /// <summary>How many blobs stream at once.</summary>
    public int Jobs { get; init; } = DefaultJobs;

    /// <summary>Check what would be copied (HEAD requests only) without writing anything.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Times one blob is tried when its transfer breaks mid-stream (dropped connection, short or corrupted
    /// body): each try re-opens the source and starts a fresh upload. HTTP errors are retried below this,
    /// by the client's retry policy.
    /// </summary>
    public int BlobAttempts { get; init; } = 3;

    /// <summary>Upload registry blobs in PATCH chunks of this size instead of one streamed PUT.</summary>
    public int? ChunkSize { get; init; }

    /// <summary>
    /// Also copy every referrer (signatures, SBOMs, attestations; OCI <c>subject</c> or cosign-style tags) of every copied
    /// manifest, recursively, before the tag is written; needs registries on both sides.
    /// </summary>
    public bool Referrers { get; init; }
}
