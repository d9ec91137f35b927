using Berth.References;

namespace Berth.Auth;

/// <summary>One fixed credential for every registry (ad-hoc <c>--username/--password-stdin</c>).</summary>
public sealed class StaticCredentialProvider(RegistryCredential credential) : ICredentialProvider
{
    public static StaticCredentialProvider Anonymous { get; } = new(RegistryCredential.Anonymous);

    public ValueTask<RegistryCredential> GetCredentialAsync(RegistryHost registry, CancellationToken cancellationToken)
        => ValueTask.FromResult(credential);
}
