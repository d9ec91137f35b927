using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// Lists a connection's repositories: its explicit list when it has one, else Docker Hub's API for dockerhub,
/// else the registry's <c>_catalog</c> narrowed to the URL's namespace path. GHCR has neither, so it needs a
/// list. The repositories regex filters every source.
/// </summary>
public sealed class RepositoryLister : IRepositoryLister
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly RegistryClientFactory _clients;

    /// <param name="clients">The process's client factory: token services, clock, Hub API endpoint, cached credentials.</param>
    public RepositoryLister(RegistryClientFactory clients)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
    }

    public async IAsyncEnumerable<string> ListAsync(Connection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var provider = ProviderCatalog.Get(connection.Type);
        var filter = Filter(connection);
        if (connection.Options.Repositories.Count > 0)
        {
            foreach (var repository in connection.Options.Repositories.Where(filter))
            {
                yield return repository;
            }

            yield break;
        }

        var url = ConnectionAddress.Of(connection);
        if (provider.Type == "dockerhub")
        {
            var credential = await _clients.Credentials(connection).GetProviderCredentialAsync(cancellationToken).ConfigureAwait(false);
            var ns = url.HasPath ? url.PathComponents[0] : credential.Credential.Username!;
            await foreach (var repository in DockerHubApiClient.ListAsync(_clients.Context, credential.Credential.Username!, credential.Credential.Password!, ns, cancellationToken).ConfigureAwait(false))
            {
                if (filter(repository))
                {
                    yield return repository;
                }
            }

            yield break;
        }

        if (!provider.HasCatalog)
        {
            throw new RepositoryListingNotSupportedException(connection.Name,
                $"{provider.DisplayName} has no catalog API, so the repositories of connection '{connection.Name}' cannot be discovered; list them explicitly (berth connect {provider.Type} --repositories owner/app,owner/tool)");
        }

        using var client = _clients.Create(connection);
        var prefix = url.HasPath ? url.Path + "/" : "";
        await foreach (var repository in client.ListRepositoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((prefix.Length == 0 || repository.StartsWith(prefix, StringComparison.Ordinal) || repository == url.Path) && filter(repository))
            {
                yield return repository;
            }
        }
    }

    private static Func<string, bool> Filter(Connection connection)
    {
        if (string.IsNullOrEmpty(connection.Options.RepositoriesRegex))
        {
            return static _ => true;
        }

        Regex regex;
        try
        {
            regex = new Regex(connection.Options.RepositoriesRegex, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new RepositoryListingException($"the repositories regex of connection '{connection.Name}' is not a valid regular expression: {ex.Message}", inner: ex)
            {
                Origin = ErrorOrigin.Local,
            };
        }

        return regex.IsMatch;
    }
}
