namespace Berth.Connections.Providers;

/// <summary>Where a connection's repositories come from.</summary>
public enum RepositorySource
{
    /// <summary>The repositories listed on the connection.</summary>
    Listed,

    /// <summary>The provider's own API (Docker Hub, Artifact Registry, ECR, Harbor).</summary>
    ProviderApi,

    /// <summary>The registry's <c>/v2/_catalog</c>.</summary>
    Catalog,

    /// <summary>Nothing: the registry cannot list and the connection names no repositories.</summary>
    None,
}
