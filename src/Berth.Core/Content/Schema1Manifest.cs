using System.Text.Json.Serialization;

namespace Berth.Content;

/// <summary>A legacy Docker schema 1 manifest, read for inspection only.</summary>
public sealed record Schema1Manifest
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("tag")]
    public string? Tag { get; init; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("fsLayers")]
    public IReadOnlyList<Schema1Layer> FsLayers { get; init; } = [];
}
