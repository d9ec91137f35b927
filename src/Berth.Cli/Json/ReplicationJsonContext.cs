using System.Text.Json.Serialization;
using Berth.Connections.Replication;

namespace Berth.Cli.Json;

/// <summary>The server's replication shapes, read and printed as they are (one JSON shape for API and CLI).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReplicationInput))]
[JsonSerializable(typeof(ReplicationPolicyView))]
[JsonSerializable(typeof(List<ReplicationPolicyView>))]
[JsonSerializable(typeof(ReplicationRunView))]
[JsonSerializable(typeof(List<ReplicationRunView>))]
internal sealed partial class ReplicationJsonContext : JsonSerializerContext;
