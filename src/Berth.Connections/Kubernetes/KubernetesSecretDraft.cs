namespace Berth.Connections.Kubernetes;

/// <summary>
/// A Secret to write: name, type, labels, and data (raw bytes; the client base64-encodes them on the wire).
/// <see cref="ToString"/> names the keys, never the values.
/// </summary>
public sealed record KubernetesSecretDraft(string Name, string Type, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, byte[]> Data)
{
    public const string DockerConfigJsonType = "kubernetes.io/dockerconfigjson";
    public const string DockerConfigJsonKey = ".dockerconfigjson";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public override string ToString() => $"Secret {Name} ({Type}; keys {string.Join(", ", Data.Keys)})";
}
