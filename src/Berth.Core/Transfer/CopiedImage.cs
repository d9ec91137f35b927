using Berth.References;

namespace Berth.Transfer;

/// <summary>One tag (or digest) copied.</summary>
/// <param name="SourceReference">The source's tag or digest.</param>
/// <param name="TargetReference">The tag written at the target, or null when written by digest only.</param>
/// <param name="Digest">The manifest digest now at the target (the source's, bytes unchanged).</param>
/// <param name="MediaType">The manifest's media type.</param>
/// <param name="UpToDate">The target already pointed the tag at this manifest.</param>
public sealed record CopiedImage(string SourceReference, string? TargetReference, Digest Digest, string MediaType, bool UpToDate);
