using System.Text.Json.Serialization;

namespace Berth.Connections.Replication;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReplicationDefinition))]
internal sealed partial class ReplicationJsonContext : JsonSerializerContext;
