using Berth.Connections.Kubernetes;
using Berth.Transport;

namespace Berth.Kubernetes;

/// <summary>Opens <see cref="KubernetesClientApi"/>s under one address policy.</summary>
internal sealed class KubernetesClientApiFactory(AddressPolicy addresses) : IKubernetesApiFactory
{
    public IKubernetesApi Open(KubernetesCluster cluster) => KubernetesClientApi.Open(cluster, addresses);
}
