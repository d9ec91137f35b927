using Berth.Testing;

namespace Berth.Core.Tests.Distribution;

/// <summary>
/// One set of real Distribution registries shared by the integration tests of a class: open,
/// htpasswd, token auth (a pull-only reader and a writer) and TLS, with skopeo-pushed images.
/// </summary>
public sealed class RealRegistryFixture : IAsyncLifetime
{
    public const string Reader = "reader";
    public const string ReaderPassword = "reader-pw-7f3a";
    public const string Writer = "writer";
    public const string WriterPassword = "writer-pw-91c2";

    private readonly TempDirectory _temp = new("berth-core-it");

    public RegistryServer Open { get; private set; } = null!;

    public RegistryServer Htpasswd { get; private set; } = null!;

    public RegistryServer Token { get; private set; } = null!;

    public TokenIssuer Issuer { get; private set; } = null!;

    public RegistryServer Tls { get; private set; } = null!;

    public OciLayoutImage SingleImage { get; private set; } = null!;

    public OciLayoutImage MultiImage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var single = TestImages.CreateAsync(_temp.Combine("single"), "v1", new TestImageSpec
        {
            LayerCount = 3,
            LayerSize = 300_000,
            Labels = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "berth-test" },
        });
        var multi = TestImages.CreateMultiPlatformAsync(_temp.Combine("multi"), "v1", [TestPlatform.LinuxAmd64, TestPlatform.LinuxArm64V8]);
        Issuer = await TokenIssuer.StartAsync(new TokenIssuerOptions
        {
            Users = new Dictionary<string, string> { [Reader] = ReaderPassword, [Writer] = WriterPassword },
            Grants = new Dictionary<string, IReadOnlyList<AccessGrant>>
            {
                [Reader] = [new AccessGrant("*", "pull")],
                [Writer] = [new AccessGrant("*", "*"), AccessGrant.Catalog],
            },
        });
        var starts = new[]
        {
            RegistryServer.StartAsync(new RegistryOptions()),
            RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = new Dictionary<string, string> { ["alice"] = "alice-pw-1234" } }),
            RegistryServer.StartAsync(new RegistryOptions { TokenIssuer = Issuer }),
            RegistryServer.StartAsync(new RegistryOptions { Tls = true }),
        };
        var servers = await Task.WhenAll(starts);
        (Open, Htpasswd, Token, Tls) = (servers[0], servers[1], servers[2], servers[3]);
        SingleImage = await single;
        MultiImage = await multi;
        await Task.WhenAll(
            RegistrySeeder.PushWithSkopeoAsync(SingleImage, Open, "team/app", "v1"),
            RegistrySeeder.PushWithSkopeoAsync(MultiImage, Open, "team/multi", "v1"),
            RegistrySeeder.PushWithSkopeoAsync(SingleImage, Htpasswd, "team/app", "v1", new RegistryCredentials("alice", "alice-pw-1234")),
            RegistrySeeder.PushWithSkopeoAsync(SingleImage, Token, "team/app", "v1", new RegistryCredentials(Writer, WriterPassword)),
            RegistrySeeder.PushWithHttpAsync(SingleImage, Tls, "team/app", "v1"));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { Open, Htpasswd, Token, Tls })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        if (Issuer is not null)
        {
            await Issuer.DisposeAsync();
        }

        _temp.Dispose();
    }
}
