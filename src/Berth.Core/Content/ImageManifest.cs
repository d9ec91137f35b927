using System.Text.Json.Serialization;

namespace Berth.Content;

/// <summary>An OCI image manifest or Docker schema 2 manifest (they share one shape).</summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("config")]
    public Descriptor Config { get; init; } = new();

    [JsonPropertyName("layers")]
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];

    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
