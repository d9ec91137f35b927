using System.Text.Json.Serialization;

namespace Berth.Kubernetes;

/// <summary>Source-generated JSON for the strings Berth puts into patch bodies (AOT-safe escaping).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class KubernetesWireJson : JsonSerializerContext;
