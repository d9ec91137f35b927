using Berth.Auth;

namespace Berth.Server.Registries;

/// <summary>A connection's registry credential and, for short-lived ones, when it expires.</summary>
public sealed record ObtainedCredential(RegistryCredential Credential, DateTimeOffset? ExpiresAt);
