using System.Text.Json.Serialization;
using Berth.Connections.Storage;

namespace Berth.Connections.UseCases;

/// <summary>A connection's last announced request quota, as <c>registries show</c> and the API's single-registry answer show it.</summary>
public sealed record RateLimitView(
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("remaining")] int? Remaining,
    [property: JsonPropertyName("windowSeconds")] int? WindowSeconds,
    [property: JsonPropertyName("observedAt")] DateTimeOffset ObservedAt)
{
    public static RateLimitView From(ObservedRateLimit observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return new(
            observed.Budget.Limit, observed.Budget.Remaining, observed.Budget.Window is { } w ? (int)w.TotalSeconds : null, observed.ObservedAt);
    }
}
