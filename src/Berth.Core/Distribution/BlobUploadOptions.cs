namespace Berth.Distribution;

/// <summary>How <see cref="RegistryClient.UploadBlobAsync"/> sends a blob.</summary>
public sealed record BlobUploadOptions
{
    /// <summary>Null sends the blob in one PUT; a size sends PATCH chunks of that many bytes.</summary>
    public int? ChunkSize { get; init; }

    /// <summary>How many times an interrupted chunked upload resumes from the registry's offset.</summary>
    public int MaxResumes { get; init; } = 3;

    /// <summary>Called with the bytes the registry has accepted so far.</summary>
    public IProgress<long>? Progress { get; init; }
}
