using System.Text.Json.Serialization;

namespace Berth.Cli.Json;

internal sealed record TagsResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);

internal sealed record CatalogResult(
    [property: JsonPropertyName("registry")] string Registry,
    [property: JsonPropertyName("repositories")] IReadOnlyList<string> Repositories);

internal sealed record LayerResult(
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("mediaType")] string MediaType);

internal sealed record PlatformResult(
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("variant")] string? Variant,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("mediaType")] string MediaType);

internal sealed record InspectResult
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("platforms")]
    public IReadOnlyList<PlatformResult>? Platforms { get; init; }

    [JsonPropertyName("config")]
    public string? Config { get; init; }

    [JsonPropertyName("layers")]
    public IReadOnlyList<LayerResult>? Layers { get; init; }

    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TagsResult))]
[JsonSerializable(typeof(CatalogResult))]
[JsonSerializable(typeof(InspectResult))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
