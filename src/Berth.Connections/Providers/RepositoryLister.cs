using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Berth.Auth;
using Berth.Connections.Storage;
using Berth.Distribution;
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
    private readonly ProviderContext _context;
    private readonly IConnectionStore? _store;
    private readonly Func<Connection, ICredentialProvider, RegistryClient> _clients;

    /// <param name="context">Token services, clock and Hub API endpoint.</param>
    /// <param name="store">Optional store shared with <see cref="ConnectionCredentialProvider"/> for cached tokens.</param>
    /// <param name="clientFactory">Builds the registry client for <c>_catalog</c>; defaults to <see cref="CreateClient(Connection, ICredentialProvider)"/>.</param>
    public RepositoryLister(ProviderContext? context = null, IConnectionStore? store = null, Func<Connection, ICredentialProvider, RegistryClient>? clientFactory = null)
    {
        _context = context ?? ProviderContext.Default;
        _store = store;
        _clients = clientFactory ?? CreateClient;
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

        var url = RegistryUrl.Parse(string.IsNullOrWhiteSpace(connection.Url) ? provider.DefaultUrl ?? "" : connection.Url);
        if (provider.Type == "dockerhub")
        {
            var credential = await ProviderCatalog.Get("dockerhub").GetCredentialAsync(connection, _context, cancellationToken).ConfigureAwait(false);
            var ns = url.HasPath ? url.PathComponents[0] : credential.Credential.Username!;
            await foreach (var repository in DockerHubApiClient.ListAsync(_context, credential.Credential.Username!, credential.Credential.Password!, ns, cancellationToken).ConfigureAwait(false))
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

        using var credentials = new ConnectionCredentialProvider(connection, _context, _store);
        using var client = _clients(connection, credentials);
        var prefix = url.HasPath ? url.Path + "/" : "";
        await foreach (var repository in client.ListRepositoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((prefix.Length == 0 || repository.StartsWith(prefix, StringComparison.Ordinal) || repository == url.Path) && filter(repository))
            {
                yield return repository;
            }
        }
    }

    /// <summary>A registry client for the connection's host with its TLS options and credentials.</summary>
    public static RegistryClient CreateClient(Connection connection, ICredentialProvider credentials) =>
        ConnectionClients.Create(connection, credentials);

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
