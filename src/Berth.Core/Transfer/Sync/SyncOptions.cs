namespace Berth.Transfer.Sync;

/// <summary>How <see cref="RepositorySync"/> runs.</summary>
public sealed record SyncOptions
{
    /// <summary>Report what would be copied (tags whose digest differs, and the blob bytes missing) without writing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Go on past a failed tag or repository and report every failure at the end; else stop at the first.</summary>
    public bool KeepGoing { get; init; }

    /// <summary>Blobs transferred at once within one image.</summary>
    public int Jobs { get; init; } = CopyOptions.DefaultJobs;

    /// <summary>
    /// Replace a tag the destination holds with a different image (the default). When false, such a tag is reported as
    /// <see cref="SyncStatus.Kept"/> and left as it is.
    /// </summary>
    public bool Overwrite { get; init; } = true;

    /// <summary>Copy only this platform's image out of multi-platform indexes; null copies indexes whole.</summary>
    public Berth.Content.Platform? Platform { get; init; }

    /// <summary>Upload blobs in PATCH chunks of this size instead of one streamed PUT.</summary>
    public int? ChunkSize { get; init; }

    /// <summary>
    /// Copy each copied image's referrers along with it (see <see cref="CopyOptions.Referrers"/>); referrer tags
    /// (<c>sha256-&lt;hex&gt;</c>, cosign's <c>.sig/.att/.sbom</c>) are then not synced as tags of their own. A tag already up to
    /// date at the destination still has its referrers listed, since signatures are often added after the image was pushed:
    /// that costs the referrer look-ups per tag on top of the two HEADs.
    /// </summary>
    public bool Referrers { get; init; }
}
