namespace Berth.Connections.UseCases;

/// <summary>
/// The referrers of an image (signatures, SBOMs, attestations), the same from <c>berth referrers --output json</c>, the API and
/// the dashboard: the image's digest, whether the registry's referrers API answered (else the fallback tag was read), and
/// each referrer with its own referrers.
/// </summary>
public sealed record ReferrerReport
{
    /// <summary>The image as the user named it, canonical form.</summary>
    public required string Name { get; init; }

    /// <summary>The manifest digest whose referrers these are.</summary>
    public required string Digest { get; init; }

    /// <summary>True when the registry's referrers API answered; false when the fallback tag <c>sha256-&lt;hex&gt;</c> was read.</summary>
    public bool ReferrersApi { get; init; }

    /// <summary>The walk stopped at its bound (depth or count); more referrers exist than are listed.</summary>
    public bool Truncated { get; init; }

    public required IReadOnlyList<ReferrerEntry> Referrers { get; init; }

    /// <summary>Referrers at every depth.</summary>
    public int Count => Referrers.Sum(r => r.Count);
}

/// <summary>One referrer: what its descriptor says, where it was found (<c>api</c>, <c>fallback-tag</c>, <c>cosign-tag</c>), and its own referrers.</summary>
public sealed record ReferrerEntry
{
    public required string Digest { get; init; }

    public string? ArtifactType { get; init; }

    public required string MediaType { get; init; }

    public long Size { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public required string FoundVia { get; init; }

    /// <summary>The cosign-style tag holding it, when found that way.</summary>
    public string? Tag { get; init; }

    public required IReadOnlyList<ReferrerEntry> Referrers { get; init; }

    internal int Count => 1 + Referrers.Sum(r => r.Count);
}
