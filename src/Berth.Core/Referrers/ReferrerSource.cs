namespace Berth.Referrers;

/// <summary>Where a referrer was found.</summary>
public enum ReferrerSource
{
    /// <summary>The registry's referrers API.</summary>
    Api,

    /// <summary>The OCI fallback tag <c>sha256-&lt;hex&gt;</c> (an index).</summary>
    FallbackTag,

    /// <summary>A cosign-style tag <c>sha256-&lt;hex&gt;.sig|.att|.sbom</c>.</summary>
    CosignTag,
}
