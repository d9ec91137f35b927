using System.Text.Json.Serialization;

namespace Berth.Connections.Capabilities;

/// <summary>Source-generated JSON of capabilities as stored and shown (nulls written: every key is always present).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RegistryCapabilities))]
public sealed partial class CapabilityJsonContext : JsonSerializerContext;
