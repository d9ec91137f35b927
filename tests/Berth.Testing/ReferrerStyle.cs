namespace Berth.Testing;

/// <summary>How <see cref="ReferrerSeeder"/> makes a referrer findable.</summary>
public enum ReferrerStyle
{
    /// <summary>An OCI 1.1 manifest with <c>subject</c>, added to the fallback tag's index (what oras and regctl do on a registry without the API).</summary>
    FallbackTag,

    /// <summary>An OCI 1.1 manifest with <c>subject</c>, pushed by digest only (a registry with the referrers API indexes it itself).</summary>
    SubjectOnly,

    /// <summary>A cosign-style signature under the tag <c>sha256-&lt;hex&gt;.sig</c>, without <c>subject</c>.</summary>
    CosignSignature,
}
