namespace Berth.DockerConfig;

/// <summary>
/// Normalises the server keys found in docker config files so lookups by host work whichever spelling a
/// file uses: <c>https://index.docker.io/v1/</c>, <c>docker.io</c> and friends all mean Docker Hub;
/// <c>https://ghcr.io/v2/</c> means <c>ghcr.io</c>.
/// </summary>
public static class DockerServerKey
{
    /// <summary>The key docker itself writes for Docker Hub credentials.</summary>
    public const string DockerHubConfigKey = "https://index.docker.io/v1/";

    /// <summary>The host name <see cref="Normalize"/> returns for every Docker Hub spelling.</summary>
    public const string DockerHubHost = "docker.io";

    private static readonly string[] HubHosts = ["index.docker.io", "docker.io", "registry-1.docker.io"];

    /// <summary>
    /// The registry host (with port, lower-cased) a key or URL refers to: scheme and any path such as
    /// <c>/v1/</c> or <c>/v2/</c> removed; every Docker Hub spelling becomes <see cref="DockerHubHost"/>.
    /// </summary>
    public static string Normalize(string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var host = server.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        // Docker matches credentials by host only (cli/config/credentials.ConvertToHostname), so any path goes.
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        host = host.ToLowerInvariant();
        return IsHubHost(host) ? DockerHubHost : host;
    }

    /// <summary>True when the key or URL names Docker Hub.</summary>
    public static bool IsDockerHub(string server) => Normalize(server) == DockerHubHost;

    /// <summary>The key to write into a config file: Docker Hub as docker writes it, other registries as bare host.</summary>
    public static string ToConfigKey(string server)
    {
        var host = Normalize(server);
        return host == DockerHubHost ? DockerHubConfigKey : host;
    }

    /// <summary>True when both keys or URLs refer to the same registry.</summary>
    public static bool SameRegistry(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);

    private static bool IsHubHost(string host) => Array.IndexOf(HubHosts, host) >= 0;
}
