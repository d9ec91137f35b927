using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Berth.Auth;
using Berth.Connections;
using Berth.Distribution;
using Berth.References;

namespace Berth.Server.Registries;

/// <summary>
/// The Registry API v2 type with username and password: what the server supports on its own. The provider
/// catalogue (Berth.Connections.Providers) replaces it with every type once it is available.
/// </summary>
internal sealed class BuiltInRegistryTypes(ITokenCache tokenCache) : IRegistryTypes
{
    private static readonly RegistryTypeInfo Generic = new(
        "generic",
        "Docker Registry (any Registry API v2)",
        null,
        "https://registry.example.com[:port][/namespace], including any namespace path (e.g. aws_account_id.dkr.ecr.region.amazonaws.com/namespace)",
        [
            new("username", "Username", IsSecret: false, IsRequired: false, "Registry username; leave empty for anonymous access."),
            new("password", "Password / Token", IsSecret: true, IsRequired: false, "Registry password or access token."),
        ]);

    public IReadOnlyList<RegistryTypeInfo> All { get; } = [Generic];

    public RegistryTypeInfo? Find(string? type) => All.FirstOrDefault(t => string.Equals(t.Type, type?.Trim(), StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<FieldError> Validate(Connection draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();
        if (Find(draft.Type) is null)
        {
            errors.Add(new("type", $"unknown registry type '{draft.Type}'; known types: {string.Join(", ", All.Select(t => t.Type))}"));
            return errors;
        }

        if (!ConnectionAddress.TryParse(draft.Url, out _, out _, out _, out var urlError))
        {
            errors.Add(new("url", urlError!));
        }

        var hasUser = draft.Fields.TryGetValue("username", out var user) && !string.IsNullOrWhiteSpace(user);
        if (hasUser != draft.Secrets.IsSet("password"))
        {
            errors.Add(hasUser ? new("password", "a username needs a password or token") : new("username", "a password needs a username"));
        }

        return errors;
    }

    public (RegistryHost Host, string Namespace) Address(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return ConnectionAddress.TryParse(connection.Url, out _, out var host, out var path, out var error)
            ? (host, path)
            : throw new InvalidOperationException($"connection '{connection.Name}' has an invalid URL: {error}");
    }

    public Task<ObtainedCredential> GetCredentialAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var credential = connection.Fields.TryGetValue("username", out var user) && !string.IsNullOrEmpty(user) && connection.Secrets.TryReveal("password", out var password)
            ? RegistryCredential.Basic(user, password)
            : RegistryCredential.Anonymous;
        return Task.FromResult(new ObtainedCredential(credential, null));
    }

    public RegistryClient CreateClient(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!ConnectionAddress.TryParse(connection.Url, out var scheme, out var host, out _, out var error))
        {
            throw new InvalidOperationException($"connection '{connection.Name}' has an invalid URL: {error}");
        }

        return new RegistryClient(new RegistryClientOptions
        {
            Registry = host,
            Credentials = new ConnectionCredentials(this, connection, host),
            TokenCache = tokenCache,
            Partition = connection.Id.ToString("D"),
            Insecure = connection.Options.Insecure,
            CaCertificatesPem = connection.Options.CaBundlePem,
            Scheme = scheme,
            Timeout = connection.Options.ClientTimeout ?? TimeSpan.FromSeconds(30),
            PageSize = connection.Options.PaginateSize,
        });
    }

    public async IAsyncEnumerable<string> ListRepositoriesAsync(Connection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var (_, ns) = Address(connection);
        var regex = string.IsNullOrEmpty(connection.Options.RepositoriesRegex)
            ? null
            : new Regex(connection.Options.RepositoriesRegex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (connection.Options.Repositories.Count > 0)
        {
            foreach (var repository in connection.Options.Repositories)
            {
                yield return repository;
            }

            yield break;
        }

        using var client = CreateClient(connection);
        await foreach (var repository in client.ListRepositoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((ns.Length == 0 || repository.StartsWith(ns + "/", StringComparison.Ordinal)) && (regex is null || regex.IsMatch(repository)))
            {
                yield return repository;
            }
        }
    }

    /// <summary>The connection's credential for its own host only; anything else (a redirect target) is anonymous.</summary>
    private sealed class ConnectionCredentials(BuiltInRegistryTypes types, Connection connection, RegistryHost host) : ICredentialProvider
    {
        public async ValueTask<RegistryCredential> GetCredentialAsync(RegistryHost registry, CancellationToken cancellationToken) =>
            registry == host
                ? (await types.GetCredentialAsync(connection, cancellationToken).ConfigureAwait(false)).Credential
                : RegistryCredential.Anonymous;
    }
}
