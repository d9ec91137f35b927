namespace Berth.Connections.Copies;

/// <summary>Progress counters of a running copy, saved as the copy goes.</summary>
public readonly record struct CopyProgress(int BlobsCopied, int BlobsSkipped, int BlobsMounted, long Bytes, int Manifests);
