using Berth.References;

namespace Berth.Auth;

/// <summary>Supplies the credential for a registry; connection providers implement this.</summary>
public interface ICredentialProvider
{
    ValueTask<RegistryCredential> GetCredentialAsync(RegistryHost registry, CancellationToken cancellationToken);
}
