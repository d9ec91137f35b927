using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Berth.Auth;
using Berth.Errors;

namespace Berth.Transport;

/// <summary>
/// Assembles the handler chain in one place, in this order:
/// UserAgent → Metrics → RedactingLogging → Retry → Authentication → Redirect → AddressPolicy → SocketsHttpHandler.
/// Retry sits outside authentication so a re-authenticated request is retried as a whole;
/// redirects sit inside it so credentials are attached only before a redirect is followed.
/// Every connection — to the registry, its token realm, a redirect target or a next-page link — goes through the
/// socket handler's connect callback, <see cref="AddressPolicy.ConnectAsync"/>.
/// </summary>
public sealed class RegistryTransport : IDisposable
{
    private RegistryTransport(HttpMessageInvoker registry, HttpMessageInvoker tokenService,
        AuthenticationHandler authentication, RetryHandler retry)
    {
        Registry = registry;
        TokenService = tokenService;
        Authentication = authentication;
        Retry = retry;
    }

    public HttpMessageInvoker Registry { get; }

    public HttpMessageInvoker TokenService { get; }

    public AuthenticationHandler Authentication { get; }

    public RetryHandler Retry { get; }

    public static RegistryTransport Create(RegistryTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sockets = options.InnerHandler ?? CreateSocketsHandler(options);
        var disposeInner = options.InnerHandler is null;
        var metricsName = options.MetricsName ?? options.Registry.Name;

        var tokenInvoker = new HttpMessageInvoker(
            new UserAgentHandler(options.UserAgent)
            {
                InnerHandler = new MetricsHandler(metricsName, MetricsHandler.TokenServicePeer)
                {
                    InnerHandler = new RedactingLoggingHandler(options.Logger)
                    {
                        InnerHandler = new RetryHandler(options.Retry, options.Time)
                        {
                            InnerHandler = new RedirectHandler { InnerHandler = Guarded(options, sockets, ErrorOrigin.TokenService) },
                        },
                    },
                },
            },
            disposeHandler: true);

        var tokens = new TokenClient(tokenInvoker, options.Time, options.MaxTokenReplyBytes, options.StallTimeout);
        var auth = new AuthenticationHandler(options.Registry, options.Partition, options.Credentials, options.TokenCache, tokens)
        {
            InnerHandler = new RedirectHandler { InnerHandler = Guarded(options, sockets, ErrorOrigin.Registry) },
        };
        var retry = new RetryHandler(options.Retry, options.Time) { InnerHandler = auth };
        var chain = new UserAgentHandler(options.UserAgent)
        {
            InnerHandler = new MetricsHandler(metricsName, MetricsHandler.RegistryPeer)
            {
                InnerHandler = new RedactingLoggingHandler(options.Logger) { InnerHandler = retry },
            },
        };

        return new RegistryTransport(new HttpMessageInvoker(chain, disposeHandler: true), tokenInvoker, auth, retry)
        {
            _sockets = disposeInner ? sockets : null,
        };
    }

    private HttpMessageHandler? _sockets;

    private static AddressPolicyHandler Guarded(RegistryTransportOptions options, HttpMessageHandler sockets, ErrorOrigin origin) =>
        new(options.AddressPolicy, origin) { InnerHandler = new NonDisposingHandler(sockets) };

    public static SocketsHttpHandler CreateSocketsHandler(RegistryTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            ConnectCallback = options.AddressPolicy.ConnectAsync,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 64,
            // Large layer bodies: let the socket buffer do its job.
            InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
        };

        CustomRoots.Apply(handler, options.CaCertificatesPem, options.Insecure);

        return handler;
    }


    public void Dispose()
    {
        Registry.Dispose();
        TokenService.Dispose();
        _sockets?.Dispose();
    }

    /// <summary>Lets two chains share one connection pool without either disposing it.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        // The pool belongs to the transport, which disposes it once.
        protected override void Dispose(bool disposing) => base.Dispose(false);
    }
}
