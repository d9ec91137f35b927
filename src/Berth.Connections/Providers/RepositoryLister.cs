using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Berth.Connections.Capabilities;
using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// Lists a connection's repositories: its explicit list when it has one, else the provider's own API (Docker Hub,
/// Artifact Registry, ECR DescribeRepositories, Harbor), else the registry's <c>_catalog</c> narrowed to the URL's
/// namespace path — unless the capability probe saw the catalog refused or answering empty, or the type has none
/// (GHCR): then listing is impossible and the error says how to name the repositories. The regex filters every source.
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

    public IAsyncEnumerable<string> ListAsync(Connection connection, CancellationToken cancellationToken) => ListAsync(connection, null, cancellationToken);

    /// <summary>Where the repositories of this connection come from, given what its registry showed it can do.</summary>
    public static RepositorySource SourceOf(Connection connection, RegistryCapabilities? capabilities)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Options.Repositories.Count > 0)
        {
            return RepositorySource.Listed;
        }

        if (connection.Type is "dockerhub" or "gar" or "ecr" or "harbor")
        {
            return RepositorySource.ProviderApi;
        }

        var provider = ProviderCatalog.Get(connection.Type);
        return !provider.HasCatalog || capabilities is { CatalogLists: false } ? RepositorySource.None : RepositorySource.Catalog;
    }

    /// <param name="connection">The connection.</param>
    /// <param name="capabilities">What its last probe found: a catalog that is refused or answers empty is not asked.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public async IAsyncEnumerable<string> ListAsync(Connection connection, RegistryCapabilities? capabilities, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var provider = ProviderCatalog.Get(connection.Type);
        var filter = Filter(connection);
        var source = SourceOf(connection, capabilities);
        if (source == RepositorySource.Listed)
        {
            foreach (var repository in connection.Options.Repositories.Where(filter))
            {
                yield return repository;
            }

            yield break;
        }

        var url = ConnectionAddress.Of(connection);
        if (source == RepositorySource.ProviderApi)
        {
            await foreach (var repository in ProviderApiAsync(connection, url, cancellationToken).ConfigureAwait(false))
            {
                if (filter(repository))
                {
                    yield return repository;
                }
            }

            yield break;
        }

        if (source == RepositorySource.None)
        {
            var why = !provider.HasCatalog
                ? $"{provider.DisplayName} has no catalog API"
                : capabilities!.Catalog == CatalogSupport.Empty
                    ? $"registry {url.Host.Name} answers its catalog (/v2/_catalog) with an empty list although it holds repositories"
                    : $"registry {url.Host.Name} refuses its catalog (/v2/_catalog) to this account";
            throw new RepositoryListingNotSupportedException(connection.Name,
                $"cannot list the repositories of connection '{connection.Name}': {why}; name them once and they are listed from then on: berth repos {connection.Name} --repositories team/app,team/tool");
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

    /// <summary>The provider's own API: Docker Hub's, Artifact Registry's, ECR's DescribeRepositories, Harbor's.</summary>
    private async IAsyncEnumerable<string> ProviderApiAsync(Connection connection, RegistryUrl url, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var credential = await _clients.Credentials(connection).GetProviderCredentialAsync(cancellationToken).ConfigureAwait(false);
        var listing = connection.Type switch
        {
            "dockerhub" => DockerHubApiClient.ListAsync(_clients.Context, credential.Credential.Username!, credential.Credential.Password!,
                url.HasPath ? url.PathComponents[0] : credential.Credential.Username!, cancellationToken),
            "gar" => ArtifactRegistryLister.ListAsync(connection, url,
                await ((GoogleProvider)ProviderCatalog.Get("gar")).ApiAccessTokenAsync(connection, credential, _clients.Context, cancellationToken).ConfigureAwait(false),
                _clients.Context, cancellationToken),
            "ecr" => EcrRepositoryLister.ListAsync(connection, url, _clients.Context, cancellationToken),
            _ => HarborRepositoryLister.ListAsync(connection, url, credential.Credential.Username!, credential.Credential.Password!, _clients.Context, cancellationToken),
        };
        var prefix = connection.Type is "ecr" && url.HasPath ? url.Path + "/" : null;
        await foreach (var repository in listing.ConfigureAwait(false))
        {
            if (prefix is null || repository.StartsWith(prefix, StringComparison.Ordinal) || repository == url.Path)
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
