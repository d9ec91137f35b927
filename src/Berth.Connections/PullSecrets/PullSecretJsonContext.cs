using System.Text.Json.Serialization;

namespace Berth.Connections.PullSecrets;

/// <summary>Source-generated JSON for the namespace and connection-id list columns: AOT-safe.</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Guid[]))]
internal sealed partial class PullSecretJsonContext : JsonSerializerContext;
