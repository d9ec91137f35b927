namespace Berth.Referrers;

/// <summary>The referrers of an image, each with its own; whether the referrers API answered; whether the walk hit its bound.</summary>
public sealed record ReferrerTreeResult(IReadOnlyList<ReferrerNode> Referrers, bool ViaApi, bool Truncated);
