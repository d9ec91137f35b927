namespace Berth.Connections.Providers;

/// <summary>
/// Everything Berth knows about one registry type: the fields to ask for, the URL form, validation and how a
/// registry credential is derived from a saved connection. Get one from <see cref="ProviderCatalog"/>.
/// </summary>
public interface IRegistryProvider
{
    /// <summary>The type name stored on connections: generic, dockerhub, ghcr, quay, gcr, gar, ecr, acr, docr, ibm, jfrog.</summary>
    string Type { get; }

    string DisplayName { get; }

    /// <summary>URL used when the user gives none (docker.io, ghcr.io …); null when the URL is account specific.</summary>
    string? DefaultUrl { get; }

    /// <summary>Example and explanation of the URL form, for prompts and errors.</summary>
    string UrlHelp { get; }

    /// <summary>Whether the URL may carry a namespace path after the host.</summary>
    bool AllowsNamespacePath { get; }

    /// <summary>Whether the registry serves <c>/v2/_catalog</c> (Docker Hub and GHCR do not).</summary>
    bool HasCatalog { get; }

    /// <summary>Fields in prompt order.</summary>
    IReadOnlyList<ProviderField> Fields { get; }

    /// <summary>The secret that a password file or password command may supply instead; null when neither is allowed.</summary>
    string? PasswordSecretField { get; }

    /// <summary>Field-level problems with the draft; empty when it is valid. Never throws for bad input.</summary>
    IReadOnlyList<ValidationError> Validate(ConnectionDraft draft);

    /// <summary>
    /// What creates a repository before the first push on this connection (ECR with create-repositories); null when
    /// the registry creates repositories on push or the connection did not opt in.
    /// </summary>
    Distribution.IRepositoryCreator? RepositoryCreator(Connection connection, ProviderContext context);

    /// <summary>Derives the credential to present to the registry, calling token services where the type needs them.</summary>
    /// <exception cref="ConnectionValidationException">The connection is not valid for its type.</exception>
    /// <exception cref="ProviderCredentialException">A token service refused or failed.</exception>
    /// <exception cref="PasswordCommandException"/>
    /// <exception cref="PasswordFileException"/>
    Task<ProviderCredential> GetCredentialAsync(Connection connection, ProviderContext context, CancellationToken cancellationToken);
}
