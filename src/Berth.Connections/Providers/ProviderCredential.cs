using Berth.Auth;

namespace Berth.Connections.Providers;

/// <summary>
/// The registry credential derived from a connection and, for short-lived ones (ECR, Google access tokens,
/// ACR refresh tokens), when it stops working.
/// </summary>
public sealed record ProviderCredential(RegistryCredential Credential, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// Shows the username only when it is not itself a secret: DigitalOcean uses the token as username, so
    /// <see cref="RegistryCredential.ToString"/> alone would print it.
    /// </summary>
    public override string ToString()
    {
        var user = Credential.IsAnonymous
            ? "anonymous"
            : Credential.Username is { } name && !Credential.Secrets().Contains(name, StringComparer.Ordinal) ? name : "(secret username)";
        return $"ProviderCredential({user}, secret redacted{(ExpiresAt is { } e ? $", expires {e:O}" : "")})";
    }
}
