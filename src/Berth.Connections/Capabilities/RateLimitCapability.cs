using System.Text.Json.Serialization;

namespace Berth.Connections.Capabilities;

/// <summary>A registry's rate-limit headers (<c>RateLimit-Limit: 100;w=21600</c>, <c>RateLimit-Remaining</c>) as last seen.</summary>
public sealed record RateLimitCapability(
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("remaining")] int? Remaining,
    [property: JsonPropertyName("windowSeconds")] int? WindowSeconds);
