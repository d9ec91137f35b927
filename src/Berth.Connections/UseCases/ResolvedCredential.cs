using Berth.Auth;
using Berth.Connections.Docker;
using Berth.DockerConfig;
using Berth.References;

namespace Berth.Connections.UseCases;

/// <summary>
/// The credential of the connection that serves a server address (a registry host, optionally with a repository
/// path), as the credential helper, the kubelet credential provider and the server's resolve endpoint hand it out.
/// </summary>
/// <param name="Connection">The serving connection's name.</param>
/// <param name="Registry">The registry host.</param>
/// <param name="Key">Where the credential applies: <c>host</c>, or <c>host/namespace</c> for a connection with a namespace.</param>
/// <param name="Credential">The credential (fresh for short-lived types). Its <c>ToString</c> never shows a secret.</param>
/// <param name="ExpiresAt">When a short-lived credential expires; null for static ones.</param>
public sealed record ResolvedCredential(string Connection, RegistryHost Registry, string Key, RegistryCredential Credential, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// The docker credential-helper answer (<c>Username</c>, <c>Secret</c>): a username and password, or an identity
    /// token under docker's <c>&lt;token&gt;</c> username; null when the connection is anonymous.
    /// </summary>
    /// <exception cref="HelperCredentialNotSupportedException">The connection gives a bearer token, which the protocol cannot carry.</exception>
    public (string Username, string Secret)? ForCredentialHelper()
    {
        if (!string.IsNullOrEmpty(Credential.IdentityToken))
        {
            return (HelperCredential.IdentityTokenUsername, Credential.IdentityToken);
        }

        RefuseBearer();
        return Credential.Password is not null && !string.IsNullOrEmpty(Credential.Username) ? (Credential.Username, Credential.Password) : null;
    }

    /// <summary>
    /// A username and password as <c>docker login</c> takes them (the kubelet's <c>AuthConfig</c>): an identity token is
    /// the password of its username (ACR's refresh token under <c>00000000-0000-0000-0000-000000000000</c>); null when anonymous.
    /// </summary>
    /// <exception cref="HelperCredentialNotSupportedException">The connection gives a bearer token, which a username and password cannot carry.</exception>
    public (string Username, string Password)? ForBasicAuth()
    {
        if (!string.IsNullOrEmpty(Credential.IdentityToken))
        {
            return (Credential.Username ?? "", Credential.IdentityToken);
        }

        RefuseBearer();
        return Credential.Password is not null && !string.IsNullOrEmpty(Credential.Username) ? (Credential.Username, Credential.Password) : null;
    }

    private void RefuseBearer()
    {
        if (!string.IsNullOrEmpty(Credential.RegistryToken))
        {
            throw new HelperCredentialNotSupportedException(
                $"connection '{Connection}' gives a registry bearer token, which a username and password cannot carry; export a docker config with 'berth dockercfg export {Connection}' instead");
        }
    }
}
