namespace Berth.Distribution;

/// <summary>An upload session: where to send the next bytes and how many the registry has.</summary>
public sealed record BlobUpload(string Repository, Uri Location, long Offset);
