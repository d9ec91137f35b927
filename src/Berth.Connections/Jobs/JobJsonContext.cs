using System.Text.Json.Serialization;

namespace Berth.Connections.Jobs;

[JsonSerializable(typeof(string[]))]
internal sealed partial class JobJsonContext : JsonSerializerContext;
