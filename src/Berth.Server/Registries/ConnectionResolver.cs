using Berth.Connections;
using Berth.References;

namespace Berth.Server.Registries;

/// <summary>
/// Which connection serves an image: the one whose host and namespace path is the longest prefix of the
/// reference (most specific wins, as in containers-auth.json); the Docker Hub aliases count as one host.
/// </summary>
public static class ConnectionResolver
{
    public static Connection? Resolve(IEnumerable<Connection> connections, ImageReference image, IRegistryTypes types)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(types);
        Connection? best = null;
        var bestLength = -1;
        foreach (var connection in connections)
        {
            if (!ConnectionAddress.TryParse(connection.Url, out _, out var host, out var ns, out _) || host != image.Registry)
            {
                continue;
            }

            if (ns.Length > 0 && !(image.Repository == ns || image.Repository.StartsWith(ns + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (ns.Length > bestLength)
            {
                best = connection;
                bestLength = ns.Length;
            }
        }

        return best;
    }
}
