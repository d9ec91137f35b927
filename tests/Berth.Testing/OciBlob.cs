namespace Berth.Testing;

/// <summary>A content descriptor of a blob written by <see cref="TestImages"/>.</summary>
public sealed record OciBlob(string MediaType, string Digest, long Size)
{
    /// <summary>For layers: digest of the uncompressed tar (the config's <c>rootfs.diff_ids</c> entry); null otherwise.</summary>
    public string? DiffId { get; init; }
}
