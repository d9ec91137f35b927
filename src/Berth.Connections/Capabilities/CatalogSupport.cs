namespace Berth.Connections.Capabilities;

/// <summary>The values of <see cref="RegistryCapabilities.Catalog"/>.</summary>
public static class CatalogSupport
{
    /// <summary><c>_catalog</c> lists the repositories.</summary>
    public const string Yes = "yes";

    /// <summary><c>_catalog</c> is refused or missing (Docker Hub, GHCR, robot accounts).</summary>
    public const string No = "no";

    /// <summary><c>_catalog</c> answers an empty list although repositories exist (Google Artifact Registry).</summary>
    public const string Empty = "empty";
}
