using Berth.Errors;
using Berth.Transport;

namespace Berth.Connections.Providers;

/// <summary>
/// What providers need from their surroundings to derive credentials: HTTP, the clock, the cloud endpoints and
/// the password-command runner (whose cache lives as long as the context's runner).
/// </summary>
public sealed record ProviderContext
{
    private static readonly Lazy<HttpMessageHandler> SharedHandler = new(() => CreateSharedHandler(AddressPolicy.Default));
    private static readonly Lazy<HttpMessageHandler> SharedLinkLocalHandler = new(() => CreateSharedHandler(AddressPolicy.AllowingLinkLocal));

    public static ProviderContext Default { get; } = new();

    /// <summary>Handler for calls to token services and the Docker Hub API; null uses a shared socket handler.</summary>
    public HttpMessageHandler? Handler { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ProviderEndpoints Endpoints { get; init; } = ProviderEndpoints.Public;

    public PasswordCommandRunner PasswordCommands { get; init; } = PasswordCommandRunner.Shared;

    /// <summary>Which addresses provider calls may connect to; the shared handler applies it (a test's own handler does not).</summary>
    public AddressPolicy Addresses { get; init; } = AddressPolicy.Default;

    /// <summary>How long one call to a token service may take.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest reply read from a token service or provider API (token replies and API pages are a few KiB).</summary>
    public long MaxReplyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>A client over <see cref="Handler"/>; disposing it leaves the handler open.</summary>
    public HttpClient CreateHttpClient() =>
        new(Handler ?? (Addresses.AllowsLinkLocal ? SharedLinkLocalHandler : SharedHandler).Value, disposeHandler: false) { Timeout = HttpTimeout, MaxResponseContentBufferSize = MaxReplyBytes };

    /// <summary>
    /// A client for calls to the registry's own host outside the Registry API (Harbor's API, ACR's token exchange): it
    /// trusts what the connection's registry transport trusts (its CA bundle, or any certificate when insecure), through
    /// the same address policy. A connection with neither gets <see cref="CreateHttpClient()"/>'s shared handler.
    /// </summary>
    public HttpClient CreateHttpClient(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Handler is not null || (string.IsNullOrWhiteSpace(connection.Options.CaBundlePem) && !connection.Options.Insecure))
        {
            return CreateHttpClient();
        }

        var sockets = NewSocketsHandler(Addresses);
        CustomRoots.Apply(sockets, connection.Options.CaBundlePem, connection.Options.Insecure);
        return new HttpClient(new AddressPolicyHandler(Addresses, ErrorOrigin.ProviderApi) { InnerHandler = sockets }, disposeHandler: true)
        {
            Timeout = HttpTimeout,
            MaxResponseContentBufferSize = MaxReplyBytes,
        };
    }

    /// <summary>Cloud APIs and token services are peers too: every connection goes through the address policy.</summary>
    private static AddressPolicyHandler CreateSharedHandler(AddressPolicy addresses) => new(addresses, ErrorOrigin.ProviderApi)
    {
        InnerHandler = NewSocketsHandler(addresses),
    };

    private static SocketsHttpHandler NewSocketsHandler(AddressPolicy addresses) => new()
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = addresses.ConnectAsync,
    };
}
