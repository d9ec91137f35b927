namespace Berth.Auth;

/// <summary>
/// What a client presents to one registry: nothing, a username and password (Basic, or exchanged
/// for a bearer token), an identity (refresh) token, or a ready bearer token.
/// </summary>
/// <remarks>Never prints its secret: <see cref="ToString"/> shows the username only.</remarks>
public sealed class RegistryCredential
{
    private RegistryCredential(string? username, string? password, string? identityToken, string? registryToken)
    {
        Username = username;
        Password = password;
        IdentityToken = identityToken;
        RegistryToken = registryToken;
    }

    public static RegistryCredential Anonymous { get; } = new(null, null, null, null);

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>An OAuth2 refresh token (docker's <c>identitytoken</c>, ACR's refresh token).</summary>
    public string? IdentityToken { get; }

    /// <summary>A bearer token sent as is, without a token exchange.</summary>
    public string? RegistryToken { get; }

    public bool IsAnonymous => Password is null && IdentityToken is null && RegistryToken is null;

    public static RegistryCredential Basic(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        return new RegistryCredential(username, password, null, null);
    }

    public static RegistryCredential Identity(string? username, string identityToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityToken);
        return new RegistryCredential(username, null, identityToken, null);
    }

    public static RegistryCredential Bearer(string registryToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryToken);
        return new RegistryCredential(null, null, null, registryToken);
    }

    /// <summary>Every secret this credential carries, for redaction.</summary>
    public IEnumerable<string> Secrets()
    {
        if (!string.IsNullOrEmpty(Password))
        {
            yield return Password;
        }

        if (!string.IsNullOrEmpty(IdentityToken))
        {
            yield return IdentityToken;
        }

        if (!string.IsNullOrEmpty(RegistryToken))
        {
            yield return RegistryToken;
        }
    }

    // DigitalOcean uses its API token as username too, so a username equal to a secret is not shown either.
    public override string ToString() => IsAnonymous
        ? "anonymous"
        : $"{(Username is null ? "(token)" : Secrets().Contains(Username, StringComparer.Ordinal) ? "(secret username)" : Username)} (secret redacted)";
}
