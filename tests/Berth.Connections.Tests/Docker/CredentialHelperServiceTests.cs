using Berth.Connections.Docker;
using Berth.Connections.Providers;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Connections.UseCases;
using Berth.DockerConfig;

namespace Berth.Connections.Tests.Docker;

public sealed class CredentialHelperServiceTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-helper-svc").FullName;
    private IConnectionStore _store = null!;
    private Organization _org = null!;
    private CredentialHelperService _service = null!;

    public async Task InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(null, _dir, AesGcmSecretProtector.Load(_dir, _ => null), CancellationToken.None);
        _org = await _store.EnsureOrganizationAsync("default", CancellationToken.None);
        _service = new CredentialHelperService(new ConnectionUseCases(_store, new RegistryClientFactory(ProviderContext.Default, _store)), new Actor(_org.Id, "credential-helper"));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<Connection> AddAsync(string name, string type, string url, (string, string)[] fields, (string, string)[] secrets) =>
        _store.AddConnectionAsync(new Connection
        {
            OrganizationId = _org.Id,
            Name = name,
            Type = type,
            Url = url,
            Fields = fields.ToDictionary(f => f.Item1, f => f.Item2, StringComparer.Ordinal),
            Secrets = SecretBag.From(secrets.Select(s => new KeyValuePair<string, string>(s.Item1, s.Item2))),
        }, CancellationToken.None);

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("https://127.0.0.1:5000")]
    [InlineData("http://127.0.0.1:5000/v2/")]
    [InlineData("127.0.0.1:5000/v1/")]
    public async Task Get_answers_any_spelling_of_the_host(string serverUrl)
    {
        await AddAsync("lab", "generic", "127.0.0.1:5000", [("username", "alice")], [("password", "pw-1")]);
        var credential = await _service.GetAsync(serverUrl, CancellationToken.None);
        Assert.Equal(new HelperCredential(serverUrl, "alice", "pw-1"), credential);
        var audit = await _store.ListAuditAsync(_org.Id, 10, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "credential.read" && a.Detail!.EndsWith(": credential-helper get", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_for_hub_prefers_the_connection_without_namespace_and_unknown_hosts_get_null()
    {
        await AddAsync("hub-ns", "dockerhub", "docker.io/acme", [("username", "ns-user")], [("password", "ns-pw")]);
        await AddAsync("hub", "dockerhub", "docker.io", [("username", "hub-user")], [("password", "hub-pw")]);
        Assert.Equal("hub-user", (await _service.GetAsync("https://index.docker.io/v1/", CancellationToken.None))!.Username);
        Assert.Equal("hub-user", (await _service.GetAsync("registry-1.docker.io", CancellationToken.None))!.Username);
        Assert.Null(await _service.GetAsync("ghcr.io", CancellationToken.None));
        Assert.Null(await _service.GetAsync("not a host!", CancellationToken.None));
    }

    [Fact]
    public async Task Store_adds_a_connection_then_updates_it_and_erase_removes_it()
    {
        var added = await _service.StoreAsync(new HelperCredential("https://registry.example.com", "u1", "p1"), CancellationToken.None);
        Assert.Equal(("registry.example.com", "generic", "registry.example.com"), (added.Name, added.Type, added.Url));

        var updated = await _service.StoreAsync(new HelperCredential("registry.example.com", "u2", "p2"), CancellationToken.None);
        Assert.Equal(added.Id, updated.Id);
        Assert.Equal(new HelperCredential("registry.example.com", "u2", "p2"), await _service.GetAsync("registry.example.com", CancellationToken.None));

        var hub = await _service.StoreAsync(new HelperCredential("https://index.docker.io/v1/", "hubby", "tok"), CancellationToken.None);
        Assert.Equal(("docker.io", "dockerhub"), (hub.Name, hub.Type));

        Assert.Equal(new Dictionary<string, string> { ["https://index.docker.io/v1/"] = "hubby", ["registry.example.com"] = "u2" },
            await _service.ListAsync(CancellationToken.None));

        Assert.True(await _service.EraseAsync("https://registry.example.com/v1/", CancellationToken.None));
        Assert.False(await _service.EraseAsync("registry.example.com", CancellationToken.None));
        Assert.Null(await _service.GetAsync("registry.example.com", CancellationToken.None));
        var actions = (await _store.ListAuditAsync(_org.Id, 20, CancellationToken.None)).Select(a => a.Action).ToList();
        Assert.Contains("connection.create", actions);
        Assert.Contains("connection.update", actions);
        Assert.Contains("connection.remove", actions);
    }

    [Fact]
    public async Task Store_refuses_identity_tokens_and_connections_whose_credentials_are_derived()
    {
        await AddAsync("ecr", "ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com", [("accessKeyId", "AKIA")], [("secretAccessKey", "s")]);
        var derived = await Assert.ThrowsAsync<HelperCredentialNotSupportedException>(() =>
            _service.StoreAsync(new HelperCredential("123456789012.dkr.ecr.us-east-1.amazonaws.com", "AWS", "x"), CancellationToken.None));
        Assert.Contains("'ecr' (ecr)", derived.Message, StringComparison.Ordinal);

        var identity = await Assert.ThrowsAsync<HelperCredentialNotSupportedException>(() =>
            _service.StoreAsync(new HelperCredential("ghcr.io", HelperCredential.IdentityTokenUsername, "refresh-secret"), CancellationToken.None));
        Assert.DoesNotContain("refresh-secret", identity.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_leaves_namespaced_connections_and_list_never_shows_a_secret_username()
    {
        await AddAsync("team", "generic", "127.0.0.1:5000/team", [("username", "t")], [("password", "p")]);
        await AddAsync("do", "docr", "registry.digitalocean.com/acme", [], [("token", "dop_v1_secret")]);
        await AddAsync("gcr", "gcr", "gcr.io/proj", [("keyEncoding", "base64")], [("keyJson", "e30=")]);
        Assert.False(await _service.EraseAsync("127.0.0.1:5000", CancellationToken.None));
        var list = await _service.ListAsync(CancellationToken.None);
        Assert.Equal("", list["registry.digitalocean.com"]);
        Assert.Equal("_json_key_base64", list["gcr.io"]);
        Assert.Equal("t", list["127.0.0.1:5000"]);
        Assert.Equal(3, (await _store.ListConnectionsAsync(_org.Id, CancellationToken.None)).Count);
    }
}
