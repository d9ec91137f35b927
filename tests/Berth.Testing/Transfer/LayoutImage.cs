namespace Berth.Testing.Transfer;

/// <summary>An image written into an OCI layout by <see cref="ImageBuilder"/>.</summary>
/// <param name="Digest">The tagged manifest's (or index's) digest.</param>
/// <param name="MediaType">Its media type.</param>
/// <param name="Blobs">Every config and layer digest of every image in it.</param>
/// <param name="Children">For an index: each platform (os/arch) and its image manifest digest.</param>
public sealed record LayoutImage(string Digest, string MediaType, IReadOnlyList<string> Blobs, IReadOnlyDictionary<string, string> Children);
