namespace Berth.Referrers;

/// <summary>A referrer and, recursively, its own referrers (a signature of an SBOM).</summary>
public sealed record ReferrerNode(Referrer Referrer, IReadOnlyList<ReferrerNode> Referrers);
