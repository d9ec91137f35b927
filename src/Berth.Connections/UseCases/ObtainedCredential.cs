using Berth.Auth;
using Berth.References;

namespace Berth.Connections.UseCases;

/// <summary>A connection's registry credential, the registry it is for, and when a short-lived one expires.</summary>
public sealed record ObtainedCredential(Connection Connection, RegistryHost Registry, RegistryCredential Credential, DateTimeOffset? ExpiresAt);
