using Berth.Connections.Providers;
using Berth.Connections.Resolution;
using Berth.Connections.UseCases;
using Berth.DockerConfig;
using Berth.References;

namespace Berth.Connections.Docker;

/// <summary>
/// The docker credential-helper verbs answered from saved connections. Docker (and skopeo) ask by registry host
/// only, in any spelling (<c>https://host</c>, <c>host</c>, <c>https://index.docker.io/v1/</c>); the connection
/// serving that host is found as for a registry-wide operation (one without a namespace first), and its
/// credential comes from its provider, so ECR, Google and ACR answers are fresh short-lived tokens, cached in the
/// store between calls.
/// <para>
/// <c>store</c> and <c>erase</c> can be run by any program of the same user, so they change nothing unless
/// <paramref name="allowStore"/> (<see cref="AllowStoreVariable"/>) is on; even then a connection Berth verified or
/// derives credentials for is never replaced or removed through them. A <c>store</c> of the credentials a
/// connection already holds is always accepted (nothing changes), so a repeated <c>docker login</c> works.
/// </para>
/// </summary>
/// <param name="connections">The use cases every front end calls.</param>
/// <param name="actor">Who asks (audited).</param>
/// <param name="allowStore">Whether <c>store</c> may create and update, and <c>erase</c> remove, connections.</param>
public sealed class CredentialHelperService(ConnectionUseCases connections, Actor actor, bool allowStore = false)
{
    /// <summary>The environment variable that lets <c>store</c>/<c>erase</c> change connections: <c>1</c>, <c>true</c> or <c>yes</c>.</summary>
    public const string AllowStoreVariable = "BERTH_HELPER_ALLOW_STORE";

    /// <summary>Types whose credential is a plain username and password, which <c>store</c> may overwrite.</summary>
    private static readonly string[] PasswordTypes = ["generic", "dockerhub", "ghcr", "jfrog"];

    /// <summary>Whether <see cref="AllowStoreVariable"/>'s value turns changes on.</summary>
    public static bool IsAllowStore(string? value) =>
        value?.Trim().ToLowerInvariant() is "1" or "true" or "yes";

    /// <summary>The credential for a server, or null when no connection serves it or it is anonymous.</summary>
    /// <exception cref="HelperCredentialNotSupportedException">The connection gives a bearer token.</exception>
    public async Task<HelperCredential?> GetAsync(string serverUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        ResolvedCredential? resolved;
        try
        {
            resolved = await connections.ResolveCredentialAsync(actor, serverUrl, "credential-helper get", cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidServerAddressException)
        {
            // docker asks with whatever its configuration holds; an address no connection can serve is "not found".
            return null;
        }

        return resolved?.ForCredentialHelper() is { } pair ? new HelperCredential(serverUrl, pair.Username, pair.Secret) : null;
    }

    /// <summary>
    /// Saves what <c>docker login</c> hands over. Credentials the connection serving exactly that host already
    /// holds are accepted as they are. Otherwise, only when allowed: updates the username and password of that
    /// connection (if Berth neither verified it nor derives its credentials), or adds a connection named after the
    /// host (type guessed when it is a plain username/password registry such as Docker Hub or GHCR, else
    /// generic). Returns the saved connection.
    /// </summary>
    /// <exception cref="HelperCredentialNotSupportedException">An identity token, or a connection Berth derives credentials for.</exception>
    /// <exception cref="HelperChangeRefusedException">Changes are not enabled, or the connection was verified.</exception>
    public async Task<Connection> StoreAsync(HelperCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.IsIdentityToken)
        {
            throw new HelperCredentialNotSupportedException(
                $"docker handed over an identity token for {credential.ServerUrl}; Berth stores only usernames and passwords this way (connect the registry with 'berth connect TYPE' instead)");
        }

        if (!TryHost(credential.ServerUrl, out var host))
        {
            throw new HelperCredentialNotSupportedException($"'{credential.ServerUrl}' is not a registry address");
        }

        var existing = (await connections.ListAsync(actor, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => ServesExactly(c, host));
        if (existing is not null)
        {
            if (!PasswordTypes.Contains(existing.Type, StringComparer.Ordinal))
            {
                throw new HelperCredentialNotSupportedException(
                    $"connection '{existing.Name}' ({existing.Type}) serves {host.Name} and Berth derives its credentials; remove it or change it with 'berth registries' rather than 'docker login'");
            }

            if (Holds(existing, credential))
            {
                return existing;
            }

            RefuseIfProtected(existing, host, "replaces the credentials of",
                $"change them through the Berth API (PUT /api/v1/registries/{existing.Name}), or 'berth registries remove {existing.Name}' and 'berth connect' again");
            if (!allowStore)
            {
                throw new HelperChangeRefusedException(
                    $"docker-credential-berth does not replace the credentials of connection '{existing.Name}' ({host.Name}) unless {AllowStoreVariable}=1 is set for 'docker login'; "
                    + $"or change them through the Berth API (PUT /api/v1/registries/{existing.Name}), or 'berth registries remove {existing.Name}' and 'berth connect' again");
            }

            var input = new ConnectionInput { Values = Values(credential), PasswordFile = "", PasswordCommand = [] };
            return (await connections.UpdateAsync(actor, existing.Name, input, verify: false, cancellationToken).ConfigureAwait(false)).Saved!;
        }

        if (!allowStore)
        {
            throw new HelperChangeRefusedException(
                $"no connection serves {host.Name}, and docker-credential-berth does not create connections unless {AllowStoreVariable}=1 is set for 'docker login'; "
                + $"or connect it with 'berth connect generic --url {host.Name} --username {credential.Username} --password-stdin'");
        }

        var guessed = RegistryTypeGuesser.Guess(host.Name);
        var created = new ConnectionInput
        {
            Name = host.Name,
            Type = guessed is not null && PasswordTypes.Contains(guessed, StringComparer.Ordinal) ? guessed : "generic",
            Url = (credential.ServerUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http://" : "") + host.Name,
            Values = Values(credential),
        };
        return (await connections.CreateAsync(actor, created, verify: false, cancellationToken).ConfigureAwait(false)).Saved!;
    }

    /// <summary>
    /// Removes the connection serving exactly this host (no namespace) when allowed and Berth neither verified it
    /// nor derives its credentials; false when there is none.
    /// </summary>
    /// <exception cref="HelperChangeRefusedException">Changes are not enabled, or the connection is protected.</exception>
    public async Task<bool> EraseAsync(string serverUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        if (!TryHost(serverUrl, out var host))
        {
            return false;
        }

        var existing = (await connections.ListAsync(actor, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => ServesExactly(c, host));
        if (existing is null)
        {
            return false;
        }

        if (!PasswordTypes.Contains(existing.Type, StringComparer.Ordinal))
        {
            throw new HelperChangeRefusedException(
                $"docker-credential-berth does not remove connection '{existing.Name}' ({existing.Type}), whose credentials Berth derives; remove it with 'berth registries remove {existing.Name}'");
        }

        RefuseIfProtected(existing, host, "removes", $"remove it with 'berth registries remove {existing.Name}'");
        if (!allowStore)
        {
            throw new HelperChangeRefusedException(
                $"docker-credential-berth does not remove connection '{existing.Name}' ({host.Name}) unless {AllowStoreVariable}=1 is set for 'docker logout'; remove it with 'berth registries remove {existing.Name}'");
        }

        await connections.RemoveAsync(actor, existing.Name, RemoveMode.Refuse, "remove it with 'berth registries remove --detach' instead", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Server URL → username for every registry a connection serves (<see cref="ConnectionUseCases.ListServersAsync"/>).</summary>
    public Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken) =>
        connections.ListServersAsync(actor, cancellationToken);

    private static Dictionary<string, string?> Values(HelperCredential credential) => new(StringComparer.Ordinal)
    {
        [ProviderFieldNames.Username] = credential.Username,
        [ProviderFieldNames.Password] = credential.Secret,
    };

    /// <summary>True when the connection already holds exactly this username and password.</summary>
    private static bool Holds(Connection connection, HelperCredential credential) =>
        connection.Fields.TryGetValue(ProviderFieldNames.Username, out var username)
        && string.Equals(username, credential.Username, StringComparison.Ordinal)
        && connection.Options.PasswordFile is null
        && connection.Options.PasswordCommand.Count == 0
        && connection.Secrets.IsReadable(ProviderFieldNames.Password)
        && connection.Secrets.TryReveal(ProviderFieldNames.Password, out var password)
        && string.Equals(password, credential.Secret, StringComparison.Ordinal);

    /// <summary>A connection Berth verified was checked against its registry by someone who meant it; docker never replaces that.</summary>
    private static void RefuseIfProtected(Connection connection, RegistryHost host, string what, string instead)
    {
        if (connection.LastVerifiedAt is not null)
        {
            throw new HelperChangeRefusedException(
                $"docker-credential-berth never {what} connection '{connection.Name}' ({host.Name}), which Berth has verified; {instead}");
        }
    }

    private static bool TryHost(string serverUrl, out RegistryHost host) =>
        RegistryHost.TryParse(DockerServerKey.Normalize(serverUrl), out host);

    private static bool ServesExactly(Connection connection, RegistryHost host) =>
        Url(connection) is { } url && url.Host == host && !url.HasPath;

    private static RegistryUrl? Url(Connection connection) =>
        ConnectionAddress.TryOf(connection, out var url, out _) ? url : null;
}
