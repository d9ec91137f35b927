using Berth.Connections.Kubernetes;
using Berth.Transport;

namespace Berth.Cli.Kube;

/// <summary>The CLI's <see cref="IKubernetesApiFactory"/>: a saved target's cluster reached through <see cref="KubernetesHttpApi"/>.</summary>
internal sealed class KubernetesHttpApiFactory(AddressPolicy addresses) : IKubernetesApiFactory
{
    public IKubernetesApi Open(KubernetesCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        // A target authenticates with its service-account bearer token and trusts its CA bundle (or the system's);
        // it never skips TLS verification.
        return KubernetesHttpApi.Open(
            new KubeConfigContext("pull-secret target", cluster.Server, cluster.CaBundlePem, InsecureSkipTlsVerify: false, cluster.Token, ClientCertificatePem: null, ClientKeyPem: null),
            addresses);
    }
}
