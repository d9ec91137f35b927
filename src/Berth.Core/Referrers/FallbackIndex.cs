using System.Text.Json;
using Berth.Content;

namespace Berth.Referrers;

/// <summary>
/// The index a registry without the referrers API keeps under the fallback tag: every referrer's descriptor, with
/// <c>artifactType</c> and annotations. Merging is insertion-stable: entries already there keep their place and their
/// descriptor (never dropped, never rewritten), new digests are appended in the order given. Stable order means a
/// merge that adds nothing leaves the bytes, and so the tag's digest, unchanged.
/// </summary>
public static class FallbackIndex
{
    /// <summary>The index with <paramref name="added"/> merged in, or null when every one of them is there already.</summary>
    /// <param name="existing">The index under the fallback tag now; null when the tag does not exist.</param>
    /// <param name="added">Descriptors of referrers to list.</param>
    public static ImageIndex? Merge(ImageIndex? existing, IEnumerable<Descriptor> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var entries = existing?.Manifests.ToList() ?? [];
        var known = new HashSet<string>(entries.Select(e => e.Digest), StringComparer.Ordinal);
        var changed = existing is null;
        foreach (var descriptor in added)
        {
            if (known.Add(descriptor.Digest))
            {
                entries.Add(descriptor);
                changed = true;
            }
        }

        if (!changed)
        {
            return null;
        }

        return new ImageIndex
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciIndex,
            Manifests = entries,
            Annotations = existing?.Annotations,
        };
    }

    /// <summary>The index as an OCI index document, ready to be written under the fallback tag.</summary>
    public static ManifestDocument ToDocument(ImageIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, ContentJsonContext.Default.ImageIndex);
        return ManifestDocument.Parse(bytes, MediaTypes.OciIndex);
    }
}
