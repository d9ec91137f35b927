namespace Berth.Connections.Kubernetes;

/// <summary>Opens an <see cref="IKubernetesApi"/> for a cluster (server: KubernetesClient; CLI: its AOT variant).</summary>
public interface IKubernetesApiFactory
{
    IKubernetesApi Open(KubernetesCluster cluster);
}
