using Berth.Errors;

namespace Berth.Auth;

/// <summary>A registry asked for credentials to be sent to a token service over plain http.</summary>
public sealed class InsecureTokenRealmException : BerthException
{
    public InsecureTokenRealmException(string registry, string realm)
        : base($"registry {registry} sent token realm '{realm}', which is not https; refusing to send credentials over plain http (the registry itself uses https)")
    {
        Origin = ErrorOrigin.Registry;
        Registry = registry;
        Realm = realm;
    }

    public override ErrorCategory Category => ErrorCategory.Failed;

    public string Registry { get; }

    public string Realm { get; }
}
