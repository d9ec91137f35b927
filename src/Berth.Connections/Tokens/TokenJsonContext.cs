using System.Text.Json.Serialization;

namespace Berth.Connections.Tokens;

/// <summary>Source-generated JSON for the connection-name list column: AOT-safe.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
