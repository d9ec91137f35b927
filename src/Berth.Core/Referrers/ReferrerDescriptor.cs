using Berth.Content;

namespace Berth.Referrers;

/// <summary>
/// The descriptor an index of referrers holds for a manifest (image spec 1.1): media type, digest and size of the
/// manifest, its <c>artifactType</c> (the manifest's own, else its config's media type) and its annotations.
/// </summary>
public static class ReferrerDescriptor
{
    public static Descriptor For(ManifestDocument manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new Descriptor
        {
            MediaType = manifest.MediaType,
            Digest = manifest.Digest.Value,
            Size = manifest.Size,
            ArtifactType = ArtifactTypeOf(manifest),
            Annotations = manifest.Image?.Annotations ?? manifest.Index?.Annotations,
        };
    }

    public static string? ArtifactTypeOf(ManifestDocument manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Kind switch
        {
            ManifestKind.Image => manifest.Image!.ArtifactType ?? manifest.Image.Config.MediaType,
            ManifestKind.Index => manifest.Index!.ArtifactType,
            _ => null,
        };
    }

    /// <summary>The digest a manifest names in its <c>subject</c> field, if any.</summary>
    public static Descriptor? SubjectOf(ManifestDocument manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Image?.Subject ?? manifest.Index?.Subject;
    }
}
