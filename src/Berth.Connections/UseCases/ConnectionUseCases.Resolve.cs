using Berth.Connections.Docker;
using Berth.Connections.Providers;
using Berth.Connections.Resolution;
using Berth.DockerConfig;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>
    /// The credential for a server address as docker, podman, skopeo and the kubelet ask for it: a registry host in
    /// any spelling (<c>host</c>, <c>https://host</c>, <c>http://host/v2/</c>, <c>https://index.docker.io/v1/</c>),
    /// optionally followed by a repository path (<c>host/team/app</c>). With a path, the connection whose host and
    /// namespace are the longest prefix serves it (<see cref="ConnectionResolver.Resolve(Berth.References.RegistryHost, string, IEnumerable{Connection})"/>);
    /// with a host only, the one without a namespace, else the shortest namespace. Only connections the actor may use
    /// are weighed (a ci token's named ones). The credential is read (fresh, audited) by <see cref="ReadCredentialAsync(Actor, Connection, string, CancellationToken)"/>.
    /// </summary>
    /// <returns>Null when no connection of the actor's organization serves the address.</returns>
    /// <exception cref="ConnectionNotAllowedException">A connection serves it, but the actor (a ci token) may not use it.</exception>
    /// <exception cref="InvalidServerAddressException">The address is not a registry address.</exception>
    public async Task<ResolvedCredential?> ResolveCredentialAsync(Actor actor, string server, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(server);
        if (!RegistryUrl.TryParse(server, out var address, out var error))
        {
            throw new InvalidServerAddressException(server.Trim(), error);
        }

        // Chosen without decrypting anything: only the connection that serves the address has its secrets read.
        var all = await store.ListConnectionsWithoutSecretsAsync(actor.OrganizationId, cancellationToken).ConfigureAwait(false);
        if (Serving(address, all.Where(c => actor.MayUse(c.Name))) is not { } chosen)
        {
            // A ci token knows the names it was given; telling it which connection it lacks is the useful answer.
            if (actor.OnlyConnections is not null && Serving(address, all) is { } other)
            {
                throw new ConnectionNotAllowedException(other.Name, address.ToString(), actor.OnlyConnections);
            }

            return null;
        }

        var connection = await store.GetConnectionAsync(chosen.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownConnectionException(chosen.Name, []);
        var obtained = await ReadCredentialAsync(actor, connection, purpose, cancellationToken).ConfigureAwait(false);
        var url = ConnectionAddress.Of(connection);
        var key = url.HasPath ? url.Host.Name + "/" + url.Path : url.Host.Name;
        return new ResolvedCredential(connection.Name, obtained.Registry, key, obtained.Credential, obtained.ExpiresAt);
    }

    private static Connection? Serving(RegistryUrl address, IEnumerable<Connection> connections) => (address.HasPath
            ? ConnectionResolver.Resolve(address.Host, address.Path, connections)
            : ConnectionResolver.ResolveHost(address.Host, connections)).Connection;

    /// <summary>
    /// Server URL → username for every registry a connection the actor may use serves (one entry per host, as docker
    /// keys them: the connection without a namespace wins), the docker credential-helper <c>list</c>. Usernames that
    /// are themselves secrets (DigitalOcean's token) are left empty; no credential is read.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ListServersAsync(Actor actor, CancellationToken cancellationToken)
    {
        var all = (await store.ListConnectionsWithoutSecretsAsync(actor.OrganizationId, cancellationToken).ConfigureAwait(false)).Where(c => actor.MayUse(c.Name));
        var list = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var connection in all)
        {
            if (!ConnectionAddress.TryOf(connection, out var url, out _))
            {
                continue;
            }

            var key = DockerServerKey.ToConfigKey(url.Host.Name);
            if (!list.ContainsKey(key) || !url.HasPath)
            {
                list[key] = ServerUsername.Of(connection);
            }
        }

        return list;
    }
}
