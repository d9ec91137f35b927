using Berth.Auth;
using Berth.References;

namespace Berth.Connections.Resolution;

/// <summary>The credential sources a <see cref="CredentialChain"/> is built from.</summary>
public static class CredentialSources
{
    /// <summary>One credential for every registry (the command's <c>--username</c>/<c>--password-stdin</c>).</summary>
    public static ICredentialSource Explicit(RegistryCredential credential, string source) => new FixedSource(credential, source, null);

    /// <summary>A credential for one registry only (a sync file's <c>credentials</c> entry).</summary>
    public static ICredentialSource ForRegistry(RegistryHost registry, RegistryCredential credential, string source) => new FixedSource(credential, source, registry);

    /// <summary>The saved connection serving the image: longest host + namespace prefix (<see cref="ConnectionResolver"/>).</summary>
    public static ICredentialSource Saved(IReadOnlyList<Connection> connections) => new SavedSource(connections);

    private sealed class FixedSource(RegistryCredential credential, string source, RegistryHost? only) : ICredentialSource
    {
        public CredentialChoice? Find(RegistryHost registry, string? repository) =>
            only is { } host && host != registry ? null : CredentialChoice.Fixed(credential, source, registry.Name);
    }

    private sealed class SavedSource(IReadOnlyList<Connection> connections) : ICredentialSource
    {
        public CredentialChoice? Find(RegistryHost registry, string? repository)
        {
            if (connections.Count == 0)
            {
                return null;
            }

            var resolution = repository is null
                ? ConnectionResolver.ResolveHost(registry, connections)
                : ConnectionResolver.Resolve(registry, repository, connections);
            return resolution.Connection is { } connection ? CredentialChoice.Saved(connection) : null;
        }
    }
}
