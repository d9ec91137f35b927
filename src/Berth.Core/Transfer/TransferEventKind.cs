namespace Berth.Transfer;

/// <summary>What happened to a blob or manifest during a copy.</summary>
public enum TransferEventKind
{
    /// <summary>A tag or digest is about to be copied.</summary>
    ImageStarted,

    /// <summary>The target already points the tag at the same manifest; nothing was sent.</summary>
    ImageUpToDate,

    BlobStarted,

    /// <summary>A blob's transfer broke mid-stream and starts again; <see cref="TransferEvent.Bytes"/> is how far it got.</summary>
    BlobRetrying,
    BlobProgress,
    BlobDone,

    /// <summary>The target already had the blob.</summary>
    BlobSkipped,

    /// <summary>The registry linked the blob from another repository without a transfer.</summary>
    BlobMounted,

    ManifestWritten,
}
