using Berth.Auth;
using Berth.Distribution;
using Berth.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Connections.Providers;

/// <summary>The one place a saved connection becomes a <see cref="RegistryClient"/> (CLI, server, verifier, lister).</summary>
public static class ConnectionClients
{
    /// <param name="connection">Host, namespace, scheme and options (insecure, CA, timeout, page size) come from it.</param>
    /// <param name="credentials">Usually a <see cref="ConnectionCredentialProvider"/> for the same connection.</param>
    /// <param name="tokenCache">Shared bearer-token cache (the server keeps one); a private one when null.</param>
    /// <param name="logger">Receives one line per HTTP request (method, redacted URL, status), never headers or bodies.</param>
    /// <param name="addresses">Which addresses the client may connect to; <see cref="AddressPolicy.Default"/> when null.</param>
    /// <param name="repositoryCreator">Creates repositories before pushes (see <see cref="IRegistryProvider.RepositoryCreator"/>).</param>
    /// <param name="rateLimitObserved">Told every rate-limit budget the registry announces (see <see cref="RateLimitRecorder"/>).</param>
    public static RegistryClient Create(Connection connection, ICredentialProvider credentials, ITokenCache? tokenCache = null, ILogger? logger = null,
        AddressPolicy? addresses = null, IRepositoryCreator? repositoryCreator = null, Action<Berth.Transport.RateLimitBudget>? rateLimitObserved = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var url = ConnectionAddress.Of(connection);
        var route = ApiRoute.For(connection);
        return new RegistryClient(new RegistryClientOptions
        {
            Registry = url.Host,
            Credentials = credentials,
            TokenCache = tokenCache ?? new MemoryTokenCache(),
            // Tokens are cached per connection, so two connections to one registry never share them.
            Partition = connection.Id.ToString("D"),
            MetricsName = connection.Name,
            Insecure = connection.Options.Insecure,
            CaCertificatesPem = connection.Options.CaBundlePem,
            Scheme = url.Scheme,
            // The connection's client timeout is how long the registry may keep us waiting: for an answer, and for
            // the next bytes of a body (the stall timeout).
            Timeout = connection.Options.ClientTimeout ?? TimeSpan.FromSeconds(30),
            StallTimeout = connection.Options.ClientTimeout ?? TimeSpan.FromSeconds(30),
            PageSize = connection.Options.PaginateSize,
            RepositoryCreator = repositoryCreator,
            RateLimitObserved = rateLimitObserved,
            ApiPath = route.ApiPath,
            NamePrefix = route.NamePrefix,
            Logger = logger ?? NullLogger.Instance,
            AddressPolicy = addresses ?? AddressPolicy.Default,
        });
    }
}
