using System.Collections.Immutable;
using Berth.Auth;
using Berth.Connections.Providers;
using Berth.DockerConfig;

namespace Berth.Connections.Docker;

/// <summary>
/// Writes connections' current credentials as docker config <c>auths</c> entries. The key is the registry as
/// docker spells it (Docker Hub as <c>https://index.docker.io/v1/</c>, others as <c>host[:port]</c>); a connection
/// whose URL carries a namespace is keyed <c>host/namespace</c>, which containers-auth.json readers (skopeo,
/// podman, buildah) match by longest prefix. Docker itself matches by host only, so such a connection also gets
/// the bare host key when no other exported connection uses that host.
/// </summary>
public static class DockerConfigExporter
{
    /// <summary>
    /// Builds the config. Connections are taken in the order given; when two would write the same key the first
    /// keeps it and the second is reported with a note. Anonymous credentials write nothing.
    /// </summary>
    public static DockerConfigExport Build(IReadOnlyList<(Connection Connection, ProviderCredential Credential)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var auths = ImmutableSortedDictionary.CreateBuilder<string, DockerAuthEntry>(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var report = new List<ExportedConnection>();
        var urls = items.Select(i => Url(i.Connection)).ToList();

        for (var index = 0; index < items.Count; index++)
        {
            var (connection, credential) = items[index];
            var url = urls[index];
            if (url is null)
            {
                report.Add(new ExportedConnection(connection.Id, connection.Name, connection.Type, [], credential.ExpiresAt, $"URL '{connection.Url}' cannot be parsed"));
                continue;
            }

            if (ToAuthEntry(credential.Credential) is not { } entry)
            {
                report.Add(new ExportedConnection(connection.Id, connection.Name, connection.Type, [], credential.ExpiresAt, "no credentials (anonymous access), nothing written"));
                continue;
            }

            var keys = new List<string>();
            string? note = null;
            var primary = Key(url);
            if (owners.TryGetValue(primary, out var owner))
            {
                note = $"'{owner}' already wrote {primary}";
            }
            else
            {
                owners[primary] = connection.Name;
                auths[primary] = entry;
                keys.Add(primary);
                if (url.HasPath)
                {
                    var bare = Key(url with { Path = "" });
                    var hostShared = urls.Where((other, i) => i != index && other is not null && other.Host == url.Host).Any();
                    if (!hostShared && owners.TryAdd(bare, connection.Name))
                    {
                        auths[bare] = entry;
                        keys.Add(bare);
                    }
                }
            }

            report.Add(new ExportedConnection(connection.Id, connection.Name, connection.Type, keys, credential.ExpiresAt, note));
        }

        return new DockerConfigExport(DockerConfigFile.Empty with { Auths = auths.ToImmutable() }, report);
    }

    /// <summary>The auths key for a connection URL (see the class remarks).</summary>
    public static string Key(RegistryUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.HasPath ? url.Host.Name + "/" + url.Path : DockerServerKey.ToConfigKey(url.Host.Name);
    }

    /// <summary>
    /// A registry credential as docker stores it: username and password as <c>auth</c>, an identity (refresh)
    /// token as <c>identitytoken</c> with its username, a bearer token as <c>registrytoken</c>; null for anonymous.
    /// </summary>
    public static DockerAuthEntry? ToAuthEntry(RegistryCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!string.IsNullOrEmpty(credential.IdentityToken))
        {
            return DockerAuthEntry.FromIdentityToken(credential.IdentityToken, credential.Username);
        }

        if (!string.IsNullOrEmpty(credential.RegistryToken))
        {
            return new DockerAuthEntry { RegistryToken = credential.RegistryToken };
        }

        return credential.Password is not null && !string.IsNullOrEmpty(credential.Username)
            ? DockerAuthEntry.FromPassword(credential.Username, credential.Password)
            : null;
    }

    private static RegistryUrl? Url(Connection connection) =>
        ConnectionAddress.TryOf(connection, out var url, out _) ? url : null;
}
