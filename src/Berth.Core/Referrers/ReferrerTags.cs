using Berth.References;

namespace Berth.Referrers;

/// <summary>
/// Tag names that point at referrers on registries without the referrers API: the OCI fallback tag
/// <c>&lt;alg&gt;-&lt;hex&gt;</c> (distribution spec 1.1, "referrers tag schema") holding an index of every referrer,
/// and the older cosign tags <c>sha256-&lt;hex&gt;.sig|.att|.sbom</c>, each holding one signature, attestation or SBOM.
/// </summary>
public static class ReferrerTags
{
    /// <summary>Cosign's suffixes, in the order cosign documents them.</summary>
    public static readonly IReadOnlyList<string> CosignSuffixes = [".sig", ".att", ".sbom"];

    /// <summary>The fallback tag for <paramref name="subject"/>: algorithm (at most 32 chars) and hex (at most 64).</summary>
    public static string Fallback(Digest subject)
    {
        var algorithm = subject.Algorithm.Length > 32 ? subject.Algorithm[..32] : subject.Algorithm;
        var hex = subject.Hex.Length > 64 ? subject.Hex[..64] : subject.Hex;
        return algorithm + "-" + hex;
    }

    /// <summary>The cosign tags that may hold referrers of <paramref name="subject"/>.</summary>
    public static IEnumerable<string> Cosign(Digest subject) => CosignSuffixes.Select(suffix => Fallback(subject) + suffix);

    /// <summary>True for a tag that only carries referrers (never an image a user tagged).</summary>
    public static bool IsReferrerTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0)
        {
            return false;
        }

        var rest = tag[(dash + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        var hex = dot < 0 ? rest : rest[..dot];
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigitLower) && (dot < 0 || CosignSuffixes.Contains(rest[dot..]));
    }
}
