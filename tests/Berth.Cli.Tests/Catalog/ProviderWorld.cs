using System.Security.Cryptography;
using Berth.Testing;
using Berth.Testing.Providers;

namespace Berth.Cli.Tests.Catalog;

/// <summary>
/// Registries that list (or refuse to) the way the big providers do, each a real Distribution registry behind the
/// provider's documented front: Artifact Registry (empty catalog, REST API), ECR (DescribeRepositories), Harbor
/// (robot accounts, projects API), a Docker Hub-like token registry without catalog, an open registry, and the open
/// registry again under JFrog's path prefix and a reverse proxy's.
/// </summary>
public sealed class ProviderWorld : IAsyncLifetime
{
    public const string GarLocation = "us-west1";
    public const string Robot = "robot$ci";
    public const string RobotSecret = "Harbor-robot-secret-8842";
    public const string HubUser = "hubuser";
    public const string HubPassword = "hub-access-token-5513";
    public const string JfrogPrefix = "artifactory/api/docker/docker-local";
    public const string ProxyPrefix = "registry-behind-proxy";

    private readonly TempDirectory _temp = new("berth-catalog");
    private readonly List<IAsyncDisposable> _servers = [];

    public RSA ServiceAccount { get; } = RSA.Create(2048);

    public RegistryServer Open { get; private set; } = null!;

    public FakeArtifactRegistry Gar { get; private set; } = null!;

    public FakeEcr Ecr { get; private set; } = null!;

    public RegistryServer EcrRegistry { get; private set; } = null!;

    public FakeHarbor Harbor { get; private set; } = null!;

    public TokenIssuer HubTokens { get; private set; } = null!;

    public RegistryServer Hub { get; private set; } = null!;

    /// <summary>The token registry behind Docker Hub's pull-rate headers.</summary>
    public RateLimitedFront HubFront { get; private set; } = null!;

    public PathPrefixProxy Jfrog { get; private set; } = null!;

    public PathPrefixProxy Proxy { get; private set; } = null!;

    public OciLayoutImage Image { get; private set; } = null!;

    public string KeyFile => _temp.Combine("key.json");

    /// <summary>Point the CLI's provider calls at the fakes, as test.sh-run CLI processes are.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["BERTH_TEST_ENDPOINTS_ECR"] = Ecr.Endpoint.ToString(),
        ["BERTH_TEST_ENDPOINTS_GOOGLE_TOKEN"] = Gar.TokenEndpoint.ToString(),
        ["BERTH_TEST_ENDPOINTS_ARTIFACT_REGISTRY"] = Gar.BaseUri.ToString(),
    };

    public async Task InitializeAsync()
    {
        Image = await TestImages.CreateAsync(_temp.Combine("img"), "1.0", new TestImageSpec { LayerSize = 10_000 });
        await File.WriteAllTextAsync(KeyFile, FakeArtifactRegistry.KeyJson(ServiceAccount));
        HubTokens = await TokenIssuer.StartAsync(new TokenIssuerOptions
        {
            Users = new Dictionary<string, string> { [HubUser] = HubPassword },
            Grants = new Dictionary<string, IReadOnlyList<AccessGrant>> { [HubUser] = [new AccessGrant("*", "pull", "push")] },
        });
        var servers = await Task.WhenAll(
            RegistryServer.StartAsync(new RegistryOptions()),
            RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = Users(FakeArtifactRegistry.RegistryLogin) }),
            RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = Users(FakeEcr.RegistryLogin) }),
            RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = Users(new RegistryCredentials(Robot, RobotSecret)) }),
            RegistryServer.StartAsync(new RegistryOptions { TokenIssuer = HubTokens }));
        Open = servers[0];
        var garRegistry = servers[1];
        EcrRegistry = servers[2];
        var harborRegistry = servers[3];
        Hub = servers[4];
        _servers.AddRange(servers);
        _servers.Add(HubTokens);

        var robot = new RegistryCredentials(Robot, RobotSecret);
        await Task.WhenAll(
            RegistrySeeder.PushWithHttpAsync(Image, Open, "team/app", "1.0"),
            RegistrySeeder.PushWithHttpAsync(Image, garRegistry, "my-project/images/app", "1.0", FakeArtifactRegistry.RegistryLogin),
            RegistrySeeder.PushWithHttpAsync(Image, garRegistry, "my-project/images/tool", "2.0", FakeArtifactRegistry.RegistryLogin),
            RegistrySeeder.PushWithHttpAsync(Image, garRegistry, "my-project/other/x", "1", FakeArtifactRegistry.RegistryLogin),
            RegistrySeeder.PushWithHttpAsync(Image, garRegistry, "another-project/images/y", "1", FakeArtifactRegistry.RegistryLogin),
            RegistrySeeder.PushWithHttpAsync(Image, EcrRegistry, "team/a", "1.0", FakeEcr.RegistryLogin),
            RegistrySeeder.PushWithHttpAsync(Image, EcrRegistry, "team/b", "1.0", FakeEcr.RegistryLogin),
            RegistrySeeder.PushWithHttpAsync(Image, EcrRegistry, "other/c", "1.0", FakeEcr.RegistryLogin),
            RegistrySeeder.PushWithHttpAsync(Image, harborRegistry, "library/hello", "1.0", robot),
            RegistrySeeder.PushWithHttpAsync(Image, harborRegistry, "library/world", "1.0", robot),
            RegistrySeeder.PushWithHttpAsync(Image, harborRegistry, "ci/tool", "1.0", robot),
            RegistrySeeder.PushWithSkopeoAsync(Image, Hub, "team/app", "1.0", new RegistryCredentials(HubUser, HubPassword)));

        // Pages of one or two, so every provider listing has to follow its paging.
        Gar = await FakeArtifactRegistry.StartAsync(garRegistry, ServiceAccount, GarLocation, maxPageSize: 1);
        Ecr = await FakeEcr.StartAsync(TimeProvider.System, EcrRegistry, maxPageSize: 2);
        Harbor = await FakeHarbor.StartAsync(harborRegistry, robot);
        Jfrog = await PathPrefixProxy.StartAsync(Open, JfrogPrefix);
        Proxy = await PathPrefixProxy.StartAsync(Open, ProxyPrefix);
        HubFront = await RateLimitedFront.StartAsync(Hub);
        _servers.InsertRange(0, [Gar, Ecr, Harbor, Jfrog, Proxy, HubFront]);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        ServiceAccount.Dispose();
        _temp.Dispose();
    }

    private static Dictionary<string, string> Users(RegistryCredentials credentials) => new() { [credentials.Username] = credentials.Password };
}
