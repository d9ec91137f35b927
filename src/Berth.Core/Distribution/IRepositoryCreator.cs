namespace Berth.Distribution;

/// <summary>
/// Creates a repository before anything is pushed to it, for registries that refuse pushes to repositories nobody
/// created (ECR). Set on <see cref="RegistryClientOptions.RepositoryCreator"/>; the client asks once per repository.
/// </summary>
public interface IRepositoryCreator
{
    /// <summary>Makes sure <paramref name="repository"/> (the name the registry API knows) exists; an existing one is success.</summary>
    Task EnsureAsync(string repository, CancellationToken cancellationToken);
}
