using System.Text.Json.Serialization;

namespace Berth.Cli.Json;

/// <summary>What <c>berth tag render --output json</c> prints.</summary>
internal sealed record TagRenderResult(string Tag);

/// <summary>Source-generated serializer for tag output (no reflection, AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TagRenderResult))]
internal sealed partial class TagJsonContext : JsonSerializerContext;
