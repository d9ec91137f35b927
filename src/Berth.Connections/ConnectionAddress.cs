using System.Diagnostics.CodeAnalysis;
using Berth.Connections.Providers;

namespace Berth.Connections;

/// <summary>
/// The one place a connection's registry address is worked out: its URL, or its type's default URL when it has
/// none (Docker Hub, GHCR, Quay …), parsed into host, scheme and namespace path.
/// </summary>
public static class ConnectionAddress
{
    /// <summary>The connection's URL as saved, else its type's default; empty when neither is known.</summary>
    public static string Text(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return !string.IsNullOrWhiteSpace(connection.Url) ? connection.Url
            : ProviderCatalog.TryGet(connection.Type, out var provider) ? provider.DefaultUrl ?? "" : "";
    }

    /// <summary>The parsed address.</summary>
    /// <exception cref="ConnectionValidationException">The saved URL cannot be parsed (edited by hand, or an old version's rules).</exception>
    public static RegistryUrl Of(Connection connection) =>
        TryOf(connection, out var url, out var error)
            ? url
            : throw new ConnectionValidationException(connection.Type, [new ValidationError("url", $"connection '{connection.Name}' has an invalid URL: {error}; fix it with 'berth registries' or the API")]);

    /// <remarks>
    /// The path is the namespace in image names: for a connection whose API lives under a path (<see cref="ApiRoute"/>),
    /// the URL's path without that API path (jfrog: <c>HOST/artifactory/api/docker/KEY</c> serves <c>HOST/KEY/…</c>).
    /// </remarks>
    public static bool TryOf(Connection connection, [NotNullWhen(true)] out RegistryUrl? url, [NotNullWhen(false)] out string? error)
    {
        if (!RegistryUrl.TryParse(Text(connection), out url, out error))
        {
            return false;
        }

        var route = ApiRoute.For(connection);
        if (!route.IsRoot)
        {
            url = url with { Path = route.ImageNamespace(url.Path) };
        }

        return true;
    }
}
