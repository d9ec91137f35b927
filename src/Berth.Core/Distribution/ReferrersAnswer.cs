using Berth.Content;

namespace Berth.Distribution;

/// <summary>
/// What a registry's referrers API answered for one subject: every descriptor across all pages, and whether it
/// applied the <c>artifactType</c> filter itself (<c>OCI-Filters-Applied</c>); when it did not, the caller filters.
/// </summary>
public sealed record ReferrersAnswer(IReadOnlyList<Descriptor> Manifests, bool ArtifactTypeFiltered);
