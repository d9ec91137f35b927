using System.Text.Json.Serialization;

namespace Berth.Connections.Tests;

[JsonSerializable(typeof(SecretBag))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
