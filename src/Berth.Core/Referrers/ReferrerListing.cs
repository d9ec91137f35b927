namespace Berth.Referrers;

/// <summary>The referrers of one subject, and whether the registry's referrers API answered (else the fallback tag was read).</summary>
public sealed record ReferrerListing(IReadOnlyList<Referrer> Referrers, bool ViaApi);
