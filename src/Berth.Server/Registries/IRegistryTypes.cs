using Berth.Connections;
using Berth.Connections.Verification;
using Berth.Distribution;
using Berth.References;

namespace Berth.Server.Registries;

/// <summary>
/// The server's one seam to the provider catalogue: which types exist and their fields, validation, credential
/// derivation, registry clients, repository listing and verification for a connection.
/// </summary>
public interface IRegistryTypes
{
    IReadOnlyList<RegistryTypeInfo> All { get; }

    RegistryTypeInfo? Find(string? type);

    /// <summary>Field-level problems with a connection about to be saved; empty when it is valid.</summary>
    IReadOnlyList<FieldError> Validate(Connection draft);

    /// <summary>The registry host and namespace path the connection's URL (or its type's default URL) names.</summary>
    (RegistryHost Host, string Namespace) Address(Connection connection);

    Task<ObtainedCredential> GetCredentialAsync(Connection connection, CancellationToken cancellationToken);

    /// <summary>A client for the connection's registry, authenticating with its credential; dispose it.</summary>
    RegistryClient CreateClient(Connection connection);

    IAsyncEnumerable<string> ListRepositoriesAsync(Connection connection, CancellationToken cancellationToken);

    Task<VerifyReport> VerifyAsync(Connection connection, CancellationToken cancellationToken);
}
