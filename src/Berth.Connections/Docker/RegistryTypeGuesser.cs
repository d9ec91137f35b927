using Berth.Connections.Providers;
using Berth.DockerConfig;

namespace Berth.Connections.Docker;

/// <summary>
/// Guesses a connection type from a registry host, for importing docker config files whose keys carry
/// nothing but the host. Only hosts that belong to one provider are guessed; anything else is null.
/// </summary>
public static class RegistryTypeGuesser
{
    /// <summary>The type for a host or config key (<c>https://index.docker.io/v1/</c>, <c>ghcr.io</c>, <c>x.azurecr.io:443</c>), or null.</summary>
    public static string? Guess(string hostOrKey)
    {
        ArgumentNullException.ThrowIfNull(hostOrKey);
        var host = DockerServerKey.Normalize(hostOrKey);
        if (host == DockerServerKey.DockerHubHost)
        {
            return "dockerhub";
        }

        var colon = host.LastIndexOf(':');
        var name = colon > 0 && host.IndexOf(']', StringComparison.Ordinal) < colon ? host[..colon] : host;
        if (EcrRegistryAddress.TryParse(name, out _))
        {
            return "ecr";
        }

        return name switch
        {
            "ghcr.io" => "ghcr",
            "quay.io" => "quay",
            "registry.digitalocean.com" => "docr",
            "icr.io" => "ibm",
            "gcr.io" => "gcr",
            _ when name.EndsWith(".azurecr.io", StringComparison.Ordinal) => "acr",
            _ when name.EndsWith(".icr.io", StringComparison.Ordinal) => "ibm",
            // IBM's former domain, still in the Codeship guides (registry.ng.bluemix.net).
            _ when name.StartsWith("registry.", StringComparison.Ordinal) && name.EndsWith(".bluemix.net", StringComparison.Ordinal) => "ibm",
            _ when name.EndsWith(".jfrog.io", StringComparison.Ordinal) => "jfrog",
            _ when name.EndsWith(".gcr.io", StringComparison.Ordinal) => "gcr",
            _ when name.EndsWith("-docker.pkg.dev", StringComparison.Ordinal) => "gar",
            _ => null,
        };
    }
}
