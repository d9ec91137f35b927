using Berth.Auth;

namespace Berth.Connections.Providers;

/// <summary>
/// The registry credential derived from a connection and, for short-lived ones (ECR, Google access tokens,
/// ACR refresh tokens), when it stops working. ToString shows no secret (RegistryCredential hides its own).
/// </summary>
public sealed record ProviderCredential(RegistryCredential Credential, DateTimeOffset? ExpiresAt)
{
    public bool IsShortLived => ExpiresAt is not null;
}
