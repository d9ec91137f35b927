using System.Text.Json.Serialization;

namespace Berth.Connections.Storage;

/// <summary>Source-generated JSON for the non-secret columns (fields, options): AOT-safe, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ConnectionOptions))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
