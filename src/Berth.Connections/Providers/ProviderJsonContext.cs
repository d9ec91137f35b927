using System.Text.Json.Serialization;

namespace Berth.Connections.Providers;

/// <summary>Source-generated JSON for the few values providers write (quoted strings, cached credentials).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(CachedRegistryCredential))]
[JsonSerializable(typeof(DockerHubLogin))]
internal sealed partial class ProviderJsonContext : JsonSerializerContext;
