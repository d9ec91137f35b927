using System.Text;

namespace Berth.DockerConfig;

/// <summary>
/// One registry's entry under <c>auths</c>. <c>auth</c> on disk is base64 of <c>user:password</c>; it is
/// decoded into <see cref="Username"/> and <see cref="Password"/> on read and re-encoded on write.
/// <see cref="ToString"/> never shows secrets.
/// </summary>
public sealed record DockerAuthEntry
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>OAuth refresh token docker sends instead of a password (<c>identitytoken</c>).</summary>
    public string? IdentityToken { get; init; }

    /// <summary>Bearer token sent to the registry as is (<c>registrytoken</c>).</summary>
    public string? RegistryToken { get; init; }

    public string? Email { get; init; }

    /// <summary>True when the entry carries any credential at all.</summary>
    public bool HasCredentials =>
        !string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password) ||
        !string.IsNullOrEmpty(IdentityToken) || !string.IsNullOrEmpty(RegistryToken);

    /// <summary>A username and password entry, as <c>docker login</c> stores it.</summary>
    public static DockerAuthEntry FromPassword(string username, string password) =>
        new() { Username = username, Password = password };

    /// <summary>An identity-token entry, as docker stores Docker Hub and ACR OAuth logins.</summary>
    public static DockerAuthEntry FromIdentityToken(string identityToken, string? username = null) =>
        new() { IdentityToken = identityToken, Username = username };

    public override string ToString()
    {
        var text = new StringBuilder("DockerAuthEntry { Username = ").Append(Username ?? "(none)");
        if (!string.IsNullOrEmpty(Password))
        {
            text.Append(", Password = ***");
        }

        if (!string.IsNullOrEmpty(IdentityToken))
        {
            text.Append(", IdentityToken = ***");
        }

        if (!string.IsNullOrEmpty(RegistryToken))
        {
            text.Append(", RegistryToken = ***");
        }

        if (!string.IsNullOrEmpty(Email))
        {
            text.Append(", Email = ").Append(Email);
        }

        return text.Append(" }").ToString();
    }
}
