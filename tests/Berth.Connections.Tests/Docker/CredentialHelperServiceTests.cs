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
    private CredentialHelperService _allowed = null!;

    public async Task InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(null, _dir, AesGcmSecretProtector.Load(_dir, _ => null), CancellationToken.None);
        _org = await _store.EnsureOrganizationAsync("default", CancellationToken.None);
        var useCases = new ConnectionUseCases(_store, new RegistryClientFactory(ProviderContext.Default, _store));
        _service = new CredentialHelperService(useCases, new Actor(_org.Id, "credential-helper"));
        _allowed = new CredentialHelperService(useCases, new Actor(_org.Id, "credential-helper"), allowStore: true);
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
    public async Task Get_decrypts_only_the_connection_that_serves_the_address()
    {
        var counting = new CountingProtector(AesGcmSecretProtector.Load(_dir, _ => null));
        await using var store = await StoreFactory.OpenAsync(null, _dir, counting, CancellationToken.None);
        for (var i = 0; i < 6; i++)
        {
            await AddAsync($"reg-{i}", "generic", $"127.0.0.1:{5000 + i}", [("username", $"user{i}")], [("password", $"pw-{i}"), ("token", $"tk-{i}")]);
        }

        var service = new CredentialHelperService(new ConnectionUseCases(store, new RegistryClientFactory(ProviderContext.Default, store)), new Actor(_org.Id, "credential-helper"));
        var chosen = SecretContext.ForConnectionSecret((await store.GetConnectionAsync(_org.Id, "reg-3", CancellationToken.None))!.Id, "password");
        counting.Unprotected.Clear();
        // Reading the one connection decrypts its two secrets; the five others are never decrypted.
        Assert.Equal(new HelperCredential("127.0.0.1:5003", "user3", "pw-3"), await service.GetAsync("127.0.0.1:5003", CancellationToken.None));
        Assert.NotEmpty(counting.Unprotected);
        Assert.Contains(chosen, counting.Unprotected);
        Assert.Equal(2, counting.Unprotected.Count);

        counting.Unprotected.Clear();
        Assert.Equal(6, (await service.ListAsync(CancellationToken.None)).Count);
        Assert.Empty(counting.Unprotected);
    }

    private sealed class CountingProtector(ISecretProtector inner) : ISecretProtector
    {
        public List<string> Unprotected { get; } = [];

        public string KeyId => inner.KeyId;

        public string KeySource => inner.KeySource;

        public string Protect(string plaintext, string context) => inner.Protect(plaintext, context);

        public string Unprotect(string envelope, string context)
        {
            lock (Unprotected)
            {
                Unprotected.Add(context);
            }

            return inner.Unprotect(envelope, context);
        }

        public IKeyRotation BeginRotation(string? newKeyFile) => inner.BeginRotation(newKeyFile);
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
    public async Task When_allowed_store_adds_a_connection_then_updates_it_and_erase_removes_it()
    {
        var added = await _allowed.StoreAsync(new HelperCredential("https://registry.example.com", "u1", "p1"), CancellationToken.None);
        Assert.Equal(("registry.example.com", "generic", "registry.example.com"), (added.Name, added.Type, added.Url));

        var updated = await _allowed.StoreAsync(new HelperCredential("registry.example.com", "u2", "p2"), CancellationToken.None);
        Assert.Equal(added.Id, updated.Id);
        Assert.Equal(new HelperCredential("registry.example.com", "u2", "p2"), await _allowed.GetAsync("registry.example.com", CancellationToken.None));

        var hub = await _allowed.StoreAsync(new HelperCredential("https://index.docker.io/v1/", "hubby", "tok"), CancellationToken.None);
        Assert.Equal(("docker.io", "dockerhub"), (hub.Name, hub.Type));

        Assert.Equal(new Dictionary<string, string> { ["https://index.docker.io/v1/"] = "hubby", ["registry.example.com"] = "u2" },
            await _allowed.ListAsync(CancellationToken.None));

        Assert.True(await _allowed.EraseAsync("https://registry.example.com/v1/", CancellationToken.None));
        Assert.False(await _allowed.EraseAsync("registry.example.com", CancellationToken.None));
        Assert.Null(await _allowed.GetAsync("registry.example.com", CancellationToken.None));
        var actions = (await _store.ListAuditAsync(_org.Id, 20, CancellationToken.None)).Select(a => a.Action).ToList();
        Assert.Contains("connection.create", actions);
        Assert.Contains("connection.update", actions);
        Assert.Contains("connection.remove", actions);
    }

    [Fact]
    public async Task By_default_store_and_erase_change_nothing_and_name_the_switch()
    {
        var saved = await AddAsync("lab", "generic", "registry.example.com", [("username", "alice")], [("password", "pw-1")]);

        var create = await Assert.ThrowsAsync<HelperChangeRefusedException>(() =>
            _service.StoreAsync(new HelperCredential("new.example.com", "bob", "bob-secret"), CancellationToken.None));
        Assert.Contains("no connection serves new.example.com", create.Message, StringComparison.Ordinal);
        Assert.Contains("BERTH_HELPER_ALLOW_STORE=1", create.Message, StringComparison.Ordinal);
        Assert.Contains("berth connect generic --url new.example.com", create.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bob-secret", create.Message, StringComparison.Ordinal);

        var replace = await Assert.ThrowsAsync<HelperChangeRefusedException>(() =>
            _service.StoreAsync(new HelperCredential("registry.example.com", "mallory", "stolen"), CancellationToken.None));
        Assert.Contains("connection 'lab'", replace.Message, StringComparison.Ordinal);
        Assert.Contains("BERTH_HELPER_ALLOW_STORE=1", replace.Message, StringComparison.Ordinal);
        Assert.Equal(Berth.Errors.ErrorCategory.Denied, replace.Category);

        var erase = await Assert.ThrowsAsync<HelperChangeRefusedException>(() => _service.EraseAsync("registry.example.com", CancellationToken.None));
        Assert.Contains("berth registries remove lab", erase.Message, StringComparison.Ordinal);

        Assert.Equal(saved, await _store.GetConnectionAsync(saved.Id, CancellationToken.None));
        Assert.Single(await _store.ListConnectionsAsync(_org.Id, CancellationToken.None));
        Assert.Equal(new HelperCredential("registry.example.com", "alice", "pw-1"), await _service.GetAsync("registry.example.com", CancellationToken.None));

        // A 'docker login' that hands back the credentials already saved changes nothing and succeeds.
        var same = await _service.StoreAsync(new HelperCredential("https://registry.example.com", "alice", "pw-1"), CancellationToken.None);
        Assert.Equal(saved.Updated, same.Updated);
        Assert.DoesNotContain((await _store.ListAuditAsync(_org.Id, 20, CancellationToken.None)).Select(a => a.Action), a => a == "connection.update");
    }

    [Fact]
    public async Task Even_when_allowed_a_verified_connection_is_never_replaced_or_removed()
    {
        var saved = await AddAsync("lab", "generic", "registry.example.com", [("username", "alice")], [("password", "pw-1")]);
        await _store.RecordVerifyResultAsync(saved.Id, ok: true, "verified", DateTimeOffset.UtcNow, CancellationToken.None);

        var replace = await Assert.ThrowsAsync<HelperChangeRefusedException>(() =>
            _allowed.StoreAsync(new HelperCredential("registry.example.com", "mallory", "stolen"), CancellationToken.None));
        Assert.Contains("never replaces the credentials of connection 'lab'", replace.Message, StringComparison.Ordinal);
        Assert.Contains("verified", replace.Message, StringComparison.Ordinal);
        var erase = await Assert.ThrowsAsync<HelperChangeRefusedException>(() => _allowed.EraseAsync("registry.example.com", CancellationToken.None));
        Assert.Contains("never removes connection 'lab'", erase.Message, StringComparison.Ordinal);

        Assert.Equal(new HelperCredential("registry.example.com", "alice", "pw-1"), await _allowed.GetAsync("registry.example.com", CancellationToken.None));
    }

    [Fact]
    public async Task Store_refuses_identity_tokens_and_connections_whose_credentials_are_derived()
    {
        await AddAsync("ecr", "ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com", [("accessKeyId", "AKIA")], [("secretAccessKey", "s")]);
        var derived = await Assert.ThrowsAsync<HelperCredentialNotSupportedException>(() =>
            _allowed.StoreAsync(new HelperCredential("123456789012.dkr.ecr.us-east-1.amazonaws.com", "AWS", "x"), CancellationToken.None));
        Assert.Contains("'ecr' (ecr)", derived.Message, StringComparison.Ordinal);
        var erase = await Assert.ThrowsAsync<HelperChangeRefusedException>(() =>
            _allowed.EraseAsync("123456789012.dkr.ecr.us-east-1.amazonaws.com", CancellationToken.None));
        Assert.Contains("whose credentials Berth derives", erase.Message, StringComparison.Ordinal);

        var identity = await Assert.ThrowsAsync<HelperCredentialNotSupportedException>(() =>
            _allowed.StoreAsync(new HelperCredential("ghcr.io", HelperCredential.IdentityTokenUsername, "refresh-secret"), CancellationToken.None));
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
