using Berth.Connections.Providers;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;
using Berth.Connections.UseCases;

namespace Berth.Connections.Tests.UseCases;

/// <summary>The use cases over a real SQLite store and token store, without a registry (verification off).</summary>
public sealed class ConnectionUseCasesTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-usecases").FullName;
    private readonly ManualTime _time = ManualTime.At("2026-03-04T05:06:07Z");
    private IConnectionStore _store = null!;
    private ITokenStore _tokens = null!;
    private ConnectionUseCases _useCases = null!;
    private Actor _actor = null!;

    public async Task InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(null, _dir, AesGcmSecretProtector.Load(_dir, _ => null), _time, CancellationToken.None);
        _tokens = await TokenStoreFactory.OpenAsync(null, _dir, _time, CancellationToken.None);
        var org = await _store.EnsureOrganizationAsync("default", CancellationToken.None);
        _actor = new Actor(org.Id, "tester");
        _useCases = new ConnectionUseCases(_store, new RegistryClientFactory(ProviderContext.Default, _store), _time, [new TokenDependents(_tokens)]);
    }

    public async Task DisposeAsync()
    {
        await _tokens.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<ConnectionChange> CreateAsync(string name, string url = "registry.example.com") =>
        _useCases.CreateAsync(_actor, new ConnectionInput
        {
            Name = name,
            Type = "generic",
            Url = url,
            Values = new Dictionary<string, string?> { ["username"] = "u", ["password"] = "secret-password-1234" },
        }, verify: false, CancellationToken.None);

    [Fact]
    public async Task Every_field_error_is_reported_at_once()
    {
        var ex = await Assert.ThrowsAsync<ConnectionValidationException>(() => _useCases.CreateAsync(_actor, new ConnectionInput
        {
            Name = "bad\u0001name",
            Type = "generic",
            Url = "ftp://x",
            RepositoriesRegex = "([",
            CacheIntervalSeconds = 1,
            PasswordCommand = ["cat", "/etc/shadow"],
        }, verify: false, CancellationToken.None));
        Assert.Equal(["cacheIntervalSeconds", "name", "passwordCommand", "repositoriesRegex", "url", "username"], ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Empty(await _store.ListConnectionsAsync(_actor.OrganizationId, CancellationToken.None));
    }

    [Fact]
    public async Task Create_defaults_the_name_to_the_host_stamps_with_the_clock_and_audits()
    {
        var change = await _useCases.CreateAsync(_actor, new ConnectionInput { Type = "generic", Url = "registry.example.com:5000/team" }, verify: false, CancellationToken.None);
        Assert.Equal("registry.example.com:5000", change.Saved!.Name);
        Assert.Equal(_time.Now, change.Saved.Created);
        var audit = Assert.Single(await _store.ListAuditAsync(_actor.OrganizationId, 10, CancellationToken.None));
        Assert.Equal(("tester", "connection.create", "registry.example.com:5000: type=generic url=registry.example.com:5000/team (not verified)"), (audit.Actor, audit.Action, audit.Detail));
        await Assert.ThrowsAsync<DuplicateConnectionNameException>(() => _useCases.CreateAsync(_actor, new ConnectionInput { Type = "generic", Url = "REGISTRY.example.com:5000" }, verify: false, CancellationToken.None));
    }

    [Fact]
    public async Task Removal_is_refused_while_a_ci_token_names_the_connection_and_detach_narrows_or_revokes_it()
    {
        await CreateAsync("lab");
        await CreateAsync("other", "other.example.com");
        var both = await _tokens.CreateAsync(_actor.OrganizationId, ApiTokenRole.Ci, ["lab", "other"], "both", CancellationToken.None);
        var onlyLab = await _tokens.CreateAsync(_actor.OrganizationId, ApiTokenRole.Ci, ["LAB"], "only lab", CancellationToken.None);

        var dependents = await _useCases.DependentsAsync((await _useCases.GetAsync(_actor, "lab", CancellationToken.None)), CancellationToken.None);
        // Both created at the same (manual) instant, so their order is the ids' random part: compare as sets.
        Assert.Equal(new[] { both.Token.Id.ToString("D"), onlyLab.Token.Id.ToString("D") }.Order(), dependents.Select(d => d.Id).Order());

        var refused = await Assert.ThrowsAsync<ConnectionInUseException>(() => _useCases.RemoveAsync(_actor, "lab", RemoveMode.Refuse, "pass --detach", CancellationToken.None));
        Assert.Contains("(only lab)", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("pass --detach", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await _useCases.FindAsync(_actor, "lab", CancellationToken.None));

        var removal = await _useCases.RemoveAsync(_actor, "lab", RemoveMode.Detach, "", CancellationToken.None);
        Assert.Equal(2, removal.Detached.Count);
        Assert.Null(await _useCases.FindAsync(_actor, "lab", CancellationToken.None));
        Assert.Equal(["other"], (await _tokens.GetAsync(both.Token.Id, CancellationToken.None))!.Connections);
        Assert.True((await _tokens.GetAsync(onlyLab.Token.Id, CancellationToken.None))!.IsRevoked);
        var audit = (await _store.ListAuditAsync(_actor.OrganizationId, 10, CancellationToken.None))[0];
        Assert.Equal("connection.remove", audit.Action);
        Assert.Contains("detached ci token", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renamed_connection_keeps_its_ci_tokens()
    {
        await CreateAsync("lab");
        var token = await _tokens.CreateAsync(_actor.OrganizationId, ApiTokenRole.Ci, ["lab"], null, CancellationToken.None);
        var renamed = await _useCases.RenameAsync(_actor, "lab", " lab2 ", CancellationToken.None);
        Assert.Equal("lab2", renamed.Name);
        Assert.Equal(["lab2"], (await _tokens.GetAsync(token.Token.Id, CancellationToken.None))!.Connections);
        var invalid = await Assert.ThrowsAsync<ConnectionValidationException>(() => _useCases.RenameAsync(_actor, "lab2", "  ", CancellationToken.None));
        Assert.Equal("name", Assert.Single(invalid.Errors).Field);
    }

    [Fact]
    public async Task A_ci_actor_sees_only_its_connections()
    {
        await CreateAsync("lab");
        await CreateAsync("other", "other.example.com");
        var ci = _actor with { OnlyConnections = ["other"] };
        Assert.Equal(["other"], (await _useCases.ListAsync(ci, CancellationToken.None)).Select(c => c.Name));
        var unknown = await Assert.ThrowsAsync<UnknownConnectionException>(() => _useCases.GetAsync(ci, "lab", CancellationToken.None));
        Assert.Equal("no connection named 'lab'; saved connections: other", unknown.Message);
    }

    [Fact]
    public async Task Update_keeps_absent_secrets_and_audits_which_changed()
    {
        await CreateAsync("lab");
        var change = await _useCases.UpdateAsync(_actor, "lab", new ConnectionInput { Repositories = ["team/app"] }, verify: false, CancellationToken.None);
        Assert.Equal("secret-password-1234", change.Saved!.Secrets.Reveal("password"));
        Assert.Equal(["team/app"], change.Saved.Options.Repositories);
        var cleared = await _useCases.UpdateAsync(_actor, "lab", new ConnectionInput { Values = new Dictionary<string, string?> { ["password"] = "", ["username"] = "" } }, verify: false, CancellationToken.None);
        Assert.False(cleared.Saved!.Secrets.IsSet("password"));
        var details = (await _store.ListAuditAsync(_actor.OrganizationId, 10, CancellationToken.None)).Select(a => a.Detail).ToList();
        Assert.Contains("lab: type=generic url=registry.example.com secrets changed: password (not verified)", details);
        Assert.Contains("lab: type=generic url=registry.example.com secrets changed: none (not verified)", details);
    }

    [Fact]
    public async Task Browsing_refuses_a_repository_that_is_not_a_repository_name()
    {
        await CreateAsync("lab");
        var ex = await Assert.ThrowsAsync<ConnectionValidationException>(() => _useCases.ListTagsAsync(_actor, "lab", "../../api/v2.0/users?q=", cached: false, CancellationToken.None));
        Assert.Equal("repository", Assert.Single(ex.Errors).Field);
    }
    [Fact]
    public async Task An_unreadable_secret_fails_only_its_connection_and_a_put_repairs_it()
    {
        await CreateAsync("damaged", "damaged.example.com");
        await CreateAsync("intact", "intact.example.com");
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "berth.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var tamper = db.CreateCommand();
            tamper.CommandText = "UPDATE connection_secrets SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA' "
                + "WHERE connection_id = (SELECT id FROM connections WHERE name = 'damaged')";
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var listed = await _useCases.ListAsync(_actor, CancellationToken.None);
        Assert.Equal([("damaged", false), ("intact", true)], listed.Select(c => (c.Name, c.SecretsReadable)));

        // Unwrapped: the message names the connection once, with the fix; category failed, origin local.
        var e = await Assert.ThrowsAsync<ConnectionUnreadableException>(() => _useCases.ReadCredentialAsync(_actor, "damaged", "test", CancellationToken.None));
        Assert.StartsWith("connection 'damaged': stored secret 'password' is unreadable", e.Message, StringComparison.Ordinal);
        Assert.Equal((Berth.Errors.ErrorCategory.Failed, Berth.Errors.ErrorOrigin.Local), (e.Category, e.Origin));
        await Assert.ThrowsAsync<ConnectionUnreadableException>(() => _useCases.ExportDockerConfigAsync(_actor, ["damaged"], CancellationToken.None));
        Assert.Equal("secret-password-1234", (await _useCases.ReadCredentialAsync(_actor, "intact", "test", CancellationToken.None)).Credential.Password);

        // Re-entering the secret (what PUT does) repairs it and audits the secret as changed.
        _time.Advance(TimeSpan.FromSeconds(1));
        var change = await _useCases.UpdateAsync(_actor, "damaged", new ConnectionInput
        {
            Values = new Dictionary<string, string?> { ["password"] = "re-entered-password-1" },
        }, verify: false, CancellationToken.None);
        Assert.True(change.Saved!.SecretsReadable);
        Assert.Equal("re-entered-password-1", (await _useCases.ReadCredentialAsync(_actor, "damaged", "test", CancellationToken.None)).Credential.Password);
        var audit = await _store.ListAuditAsync(_actor.OrganizationId, 10, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "connection.update" && a.Detail!.Contains("secrets changed: password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_put_that_leaves_an_unreadable_secret_alone_is_refused_with_the_same_message()
    {
        await CreateAsync("damaged", "damaged.example.com");
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "berth.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var tamper = db.CreateCommand();
            tamper.CommandText = "UPDATE connection_secrets SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA'";
            await tamper.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<ConnectionUnreadableException>(() => _useCases.UpdateAsync(_actor, "damaged", new ConnectionInput
        {
            Values = new Dictionary<string, string?> { ["username"] = "someone-else" },
        }, verify: false, CancellationToken.None));
        Assert.Contains("stored secret 'password'", e.Message, StringComparison.Ordinal);
        Assert.Equal("u", (await _store.GetConnectionAsync(_actor.OrganizationId, "damaged", CancellationToken.None))!.Fields["username"]);
    }
}
