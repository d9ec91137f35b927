using System.Net;
using Berth.Auth;
using Berth.Core.Tests.Distribution;
using Berth.Distribution;
using Berth.Errors;
using Berth.References;
using Berth.Transport;

namespace Berth.Core.Tests.Transport;

/// <summary>
/// A token realm, a redirect or a next-page link that names a metadata or link-local address is refused before any
/// connection, with the request's URL and the party that led there. Scripted peers only: nothing here opens a socket
/// (the refusal of names that resolve there is shown end to end, inside a network namespace, by the CLI tests).
/// </summary>
public sealed class AddressPolicyHandlerTests
{
    private static RegistryClient Client(ScriptedHandler handler) =>
        new(new RegistryClientOptions
        {
            Registry = RegistryHost.Parse("registry.test"),
            Credentials = new StaticCredentialProvider(RegistryCredential.Basic("alice", "pa55word")),
            InnerHandler = handler,
            Time = new InstantTimeProvider(),
            Scheme = "http",
        });

    private static void NothingWentTo(ScriptedHandler handler) =>
        Assert.DoesNotContain(handler.Requests, r => r.Uri.Host.Trim('[', ']') != "registry.test");

    [Theory]
    [InlineData("http://169.254.169.254/token")]
    [InlineData("http://[::ffff:169.254.169.254]/token")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/token")]
    [InlineData("http://2852039166/token")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/token")]
    public async Task A_token_realm_at_a_metadata_address_gets_no_credential(string realm)
    {
        var handler = new ScriptedHandler((_, _) => ScriptedHandler.Status(HttpStatusCode.Unauthorized,
            ("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"registry.test\"")));
        using var client = Client(handler);

        var refused = await Assert.ThrowsAsync<RestrictedAddressException>(async () => await client.PingAsync());

        Assert.Equal(ErrorOrigin.TokenService, refused.Origin);
        Assert.Contains("cloud metadata", refused.Message, StringComparison.Ordinal);
        Assert.Contains("/token", refused.Url, StringComparison.Ordinal);
        NothingWentTo(handler);
    }

    [Fact]
    public async Task A_redirect_to_a_link_local_address_is_refused()
    {
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.AbsolutePath == "/v2/"
            ? ScriptedHandler.Status(HttpStatusCode.OK)
            : ScriptedHandler.Status(HttpStatusCode.TemporaryRedirect, ("Location", "http://169.254.10.20/steal")));
        using var client = Client(handler);

        var refused = await Assert.ThrowsAsync<RestrictedAddressException>(async () => await Collect(client.ListTagsAsync("team/app")));

        Assert.Equal(ErrorOrigin.Registry, refused.Origin);
        Assert.Equal("http://169.254.10.20/steal", refused.Url);
        Assert.Contains("'169.254.10.20' is a link-local address (169.254.0.0/16)", refused.Message, StringComparison.Ordinal);
        NothingWentTo(handler);
    }

    [Fact]
    public async Task A_next_page_link_to_a_metadata_address_is_refused()
    {
        var handler = new ScriptedHandler((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, "{\"name\":\"team/app\",\"tags\":[\"1.0\"]}",
            ("Link", "<http://[::169.254.169.254]/v2/team/app/tags/list?last=1.0>; rel=\"next\"")));
        using var client = Client(handler);

        var refused = await Assert.ThrowsAsync<RestrictedAddressException>(async () => await Collect(client.ListTagsAsync("team/app")));

        Assert.Contains("IPv4-compatible", refused.Message, StringComparison.Ordinal);
        NothingWentTo(handler);
    }

    [Fact]
    public async Task A_refusal_from_the_connect_callback_comes_out_as_itself_naming_the_request()
    {
        var inner = new RestrictedAddressException("evil.test", IPAddress.Parse("169.254.169.254"), "a cloud metadata address");
        using var invoker = new HttpMessageInvoker(new AddressPolicyHandler(AddressPolicy.Default, ErrorOrigin.ProviderApi)
        {
            InnerHandler = new ThrowingHandler(new HttpRequestException(HttpRequestError.ConnectionError, inner.Message + " (evil.test:443)", inner)),
        });

        var refused = await Assert.ThrowsAsync<RestrictedAddressException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://evil.test/token"), CancellationToken.None));

        Assert.Equal(ErrorOrigin.ProviderApi, refused.Origin);
        Assert.StartsWith("refused to connect to evil.test for https://evil.test/token: 'evil.test' resolves to 169.254.169.254, a cloud metadata address", refused.Message, StringComparison.Ordinal);
    }

    private static async Task Collect(IAsyncEnumerable<string> items)
    {
        await foreach (var _ in items)
        {
        }
    }

    private sealed class ThrowingHandler(Exception error) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(error);
    }
}
