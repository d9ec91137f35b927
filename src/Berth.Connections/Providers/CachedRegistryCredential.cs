using Berth.Auth;

namespace Berth.Connections.Providers;

/// <summary>The stored form of a short-lived credential (encrypted by the store as one secret).</summary>
internal sealed record CachedRegistryCredential(
    string? Username,
    string? Password,
    string? IdentityToken,
    DateTimeOffset ObtainedAt,
    DateTimeOffset ExpiresAt)
{
    public static CachedRegistryCredential From(ProviderCredential credential, DateTimeOffset obtainedAt) =>
        new(credential.Credential.Username, credential.Credential.Password, credential.Credential.IdentityToken, obtainedAt, credential.ExpiresAt!.Value);

    public ProviderCredential? ToProviderCredential()
    {
        if (IdentityToken is { Length: > 0 } identity)
        {
            return new(RegistryCredential.Identity(Username, identity), ExpiresAt);
        }

        return Username is { Length: > 0 } user && Password is not null
            ? new(RegistryCredential.Basic(user, Password), ExpiresAt)
            : null;
    }

    // Records print their members; this one must not.
    public override string ToString() => $"CachedRegistryCredential({Username}, expires {ExpiresAt:O})";
}
