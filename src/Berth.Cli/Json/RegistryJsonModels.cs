using System.Text.Json.Serialization;

namespace Berth.Cli.Json;

internal sealed record TagsResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);

internal sealed record CatalogResult(
    [property: JsonPropertyName("registry")] string Registry,
    [property: JsonPropertyName("repositories")] IReadOnlyList<string> Repositories);

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TagsResult))]
[JsonSerializable(typeof(CatalogResult))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
