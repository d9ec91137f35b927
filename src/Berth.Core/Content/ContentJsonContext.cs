using System.Text.Json.Serialization;

namespace Berth.Content;

/// <summary>Source-generated JSON metadata for content types (AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(Schema1Manifest))]
internal sealed partial class ContentJsonContext : JsonSerializerContext;
