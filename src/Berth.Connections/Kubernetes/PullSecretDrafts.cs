using Berth.DockerConfig;

namespace Berth.Connections.Kubernetes;

/// <summary>The Secret Berth writes for a set of docker auths, labelled as managed by Berth.</summary>
public static class PullSecretDrafts
{
    public static KubernetesSecretDraft Create(string name, IEnumerable<KeyValuePair<string, DockerAuthEntry>> auths) =>
        new(
            name,
            KubernetesSecretDraft.DockerConfigJsonType,
            new Dictionary<string, string>(StringComparer.Ordinal) { [KubernetesSecretDraft.ManagedByLabel] = "berth" },
            new Dictionary<string, byte[]>(StringComparer.Ordinal) { [KubernetesSecretDraft.DockerConfigJsonKey] = DockerConfigJson.Build(auths) });
}
