using System.Text.Json.Serialization;

namespace Berth.Distribution;

internal sealed record TagList
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }
}

internal sealed record CatalogPage
{
    [JsonPropertyName("repositories")]
    public IReadOnlyList<string>? Repositories { get; init; }
}

[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(CatalogPage))]
internal sealed partial class ListingJsonContext : JsonSerializerContext;
