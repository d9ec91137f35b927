using Berth.References;

namespace Berth.Transfer;

/// <summary>What a copy did.</summary>
public sealed record CopyResult
{
    public required IReadOnlyList<CopiedImage> Images { get; init; }

    /// <summary>Blobs sent (or, in a dry run, that would be sent).</summary>
    public int BlobsCopied { get; init; }

    public int BlobsSkipped { get; init; }

    public int BlobsMounted { get; init; }

    /// <summary>Blob bytes sent (or that would be sent).</summary>
    public long BytesCopied { get; init; }

    public int ManifestsWritten { get; init; }

    /// <summary>Referrer manifests copied (or, in a dry run, that would be), at every depth; those already at the target are not counted.</summary>
    public int ReferrersCopied { get; init; }

    /// <summary>Fallback-tag indexes written or merged at a target without the referrers API.</summary>
    public int FallbackIndexesWritten { get; init; }

    public TimeSpan Elapsed { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The digest of the (last) image copied.</summary>
    public Digest? ManifestDigest => Images.Count == 0 ? null : Images[^1].Digest;

    /// <summary>Mean rate in bytes per second over the whole copy.</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesCopied / Elapsed.TotalSeconds : 0;
}
