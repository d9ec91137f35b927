namespace Berth.Auth;

/// <summary>A registry asked for credentials to be sent to a token service over plain http.</summary>
public sealed class InsecureTokenRealmException(string registry, string realm)
    : Exception($"registry {registry} sent token realm '{realm}', which is not https; refusing to send credentials over plain http (the registry itself uses https)")
{
    public string Registry { get; } = registry;

    public string Realm { get; } = realm;
}
