namespace Berth.Testing;

/// <summary>A referrer manifest a test pushed: its digest, media type, size and artifact type.</summary>
public sealed record PushedReferrer(string Digest, string MediaType, long Size, string ArtifactType)
{
    /// <summary>The tag it was pushed under (its digest, or a cosign tag).</summary>
    public string Tag { get; init; } = "";
}
