using Berth.Content;

namespace Berth.Referrers;

/// <summary>One manifest that refers to a subject: its descriptor (with artifactType and annotations), where it was found,
/// and for a cosign-style referrer the tag that holds it.</summary>
public sealed record Referrer(Descriptor Descriptor, ReferrerSource Source, string? Tag = null)
{
    public string Digest => Descriptor.Digest;

    /// <summary>The referrer's artifactType: the descriptor's, as the index or referrers API gave it.</summary>
    public string? ArtifactType => Descriptor.ArtifactType;
}
