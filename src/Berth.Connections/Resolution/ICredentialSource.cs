using Berth.References;

namespace Berth.Connections.Resolution;

/// <summary>
/// One place credentials may come from, asked in turn by a <see cref="CredentialChain"/> (go-containerregistry's
/// keychain): it answers for a registry (and repository, when the caller has one) or passes with null.
/// </summary>
public interface ICredentialSource
{
    /// <param name="registry">The registry host.</param>
    /// <param name="repository">The repository, or null for registry-wide operations (catalog).</param>
    CredentialChoice? Find(RegistryHost registry, string? repository);
}
