using Berth.References;

namespace Berth.Distribution;

/// <summary>What a manifest HEAD tells: digest, media type and size, without the body.</summary>
public sealed record ManifestInfo(Digest Digest, string? MediaType, long Size);
