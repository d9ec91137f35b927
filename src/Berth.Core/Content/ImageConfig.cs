using System.Text.Json.Serialization;

namespace Berth.Content;

/// <summary>The parts of an image config blob that inspection shows.</summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("config")]
    public ImageRuntimeConfig? Config { get; init; }
}
