using System.Text.Json.Serialization;

namespace Berth.Connections.Capabilities;

/// <summary>
/// What a registry showed it can do when it was last probed (at connect and on every verify). Listing, copy and
/// sync consult it; <c>registries show</c>, the API and the dashboard show it with exactly these keys. A null
/// boolean means the probe could not tell without changing content or without a repository to ask about.
/// </summary>
public sealed record RegistryCapabilities
{
    /// <summary><see cref="AuthSchemes"/>: basic, bearer or anonymous.</summary>
    [JsonPropertyName("auth")]
    public required string Auth { get; init; }

    /// <summary>The bearer challenge's realm (the token service's URL); null for Basic or anonymous registries.</summary>
    [JsonPropertyName("tokenService")]
    public string? TokenService { get; init; }

    /// <summary><see cref="CatalogSupport"/>: yes, no, or empty (answers an empty catalog although repositories exist).</summary>
    [JsonPropertyName("catalog")]
    public required string Catalog { get; init; }

    /// <summary>The largest tag page size (<c>n</c>) the registry accepted; null when no repository could be asked.</summary>
    [JsonPropertyName("maxPageSize")]
    public int? MaxPageSize { get; init; }

    /// <summary>Cross-repository blob mount.</summary>
    [JsonPropertyName("mount")]
    public bool? Mount { get; init; }

    /// <summary>Manifest delete.</summary>
    [JsonPropertyName("delete")]
    public bool? Delete { get; init; }

    /// <summary>The OCI referrers API (<c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c> answering an index).</summary>
    [JsonPropertyName("referrers")]
    public bool? Referrers { get; init; }

    /// <summary>Rate-limit headers seen while probing; null when the registry sent none.</summary>
    [JsonPropertyName("rateLimit")]
    public RateLimitCapability? RateLimit { get; init; }

    /// <summary>Whether <c>_catalog</c> can be trusted to list the repositories.</summary>
    [JsonIgnore]
    public bool CatalogLists => Catalog == CatalogSupport.Yes;
}
