using System.Text.Json.Serialization;

namespace Berth.Content;

/// <summary>Just enough of any manifest to tell which kind it is.</summary>
internal sealed record ManifestProbe
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public System.Text.Json.JsonElement? Manifests { get; init; }

    [JsonPropertyName("config")]
    public System.Text.Json.JsonElement? Config { get; init; }

    [JsonPropertyName("fsLayers")]
    public System.Text.Json.JsonElement? FsLayers { get; init; }
}
