using System.Text;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;

namespace Berth.Connections.Tests.Storage;

/// <summary>
/// The behaviour every backend must have. Each derived class supplies a fresh database per test; every test
/// here runs once against SQLite and once against PostgreSQL.
/// </summary>
public abstract partial class ConnectionStoreContract : IAsyncLifetime
{
    // Sub-microsecond ticks and a non-UTC offset: the store must normalise both the same way on every backend.
    protected static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks(5_358_979);

    private readonly List<IConnectionStore> _opened = [];

    protected string DataDir { get; } = Path.Combine(Path.GetTempPath(), "berth-store-" + Guid.NewGuid().ToString("N"));

    protected string? Database { get; private set; }

    protected ManualTime Time { get; } = new(Start);

    protected MasterKey Key { get; } = MasterKey.Generate("test key");

    protected IConnectionStore Store { get; private set; } = null!;

    protected abstract Task<string?> NewDatabaseAsync();

    /// <summary>Everything at rest for this test's database, as text (file bytes, or a pg_dump).</summary>
    protected abstract Task<string> RawContentAsync();

    /// <summary>(version, name) rows of schema_migrations, read straight from the database.</summary>
    protected abstract Task<IReadOnlyList<(int Version, string Name)>> AppliedMigrationsAsync();

    /// <summary>Runs a statement straight against this test's database, behind the store's back (to damage a row).</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    public async Task InitializeAsync()
    {
        Database = await NewDatabaseAsync();
        Store = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    protected async Task<IConnectionStore> OpenAsync(ISecretProtector? protector = null)
    {
        var store = await StoreFactory.OpenAsync(Database, DataDir, protector ?? new AesGcmSecretProtector(Key), Time, CancellationToken.None);
        _opened.Add(store);
        return store;
    }

    protected static Connection Sample(Guid organizationId, string name = "prod-ecr") => new()
    {
        OrganizationId = organizationId,
        Name = name,
        Type = "ecr",
        Url = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team",
        Fields = new Dictionary<string, string> { ["accessKeyId"] = "AKIAEXAMPLEKEYID0001", ["region"] = "us-east-1" },
        Secrets = SecretBag.Empty.With("secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        Options = new ConnectionOptions
        {
            Repositories = ["team/api", "team/web"],
            RepositoriesRegex = "^team/",
            Insecure = true,
            CaBundlePem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            ClientTimeout = TimeSpan.FromSeconds(45),
            CacheInterval = TimeSpan.FromMinutes(30),
            PaginateSize = 250,
            SortTagsByDate = true,
            TrackDigests = true,
            PasswordFile = "/run/secrets/ecr",
            PasswordCommand = ["aws", "ecr", "get-login-password", "--region", "us-east-1"],
        },
    };

    /// <summary>Start, in UTC, cut to the microseconds both databases keep.</summary>
    protected static DateTimeOffset Stored(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    [Fact]
    public async Task Ensure_organization_is_idempotent_and_ignores_case()
    {
        var first = await Store.EnsureOrganizationAsync("Acme", default);
        var again = await Store.EnsureOrganizationAsync("acme", default);
        var other = await Store.EnsureOrganizationAsync("Globex", default);

        Assert.Equal(first, again);
        Assert.Equal("Acme", again.Name);
        Assert.Equal(Stored(Start), first.Created);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(first, await Store.GetOrganizationAsync("ACME", default));
        Assert.Null(await Store.GetOrganizationAsync("initech", default));
        Assert.Equal(["Acme", "Globex"], (await Store.ListOrganizationsAsync(default)).Select(o => o.Name));
    }

    [Fact]
    public async Task Added_connection_round_trips_every_field()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);

        Assert.NotEqual(Guid.Empty, added.Id);
        Assert.Equal(Stored(Start), added.Created);
        Assert.Equal(Stored(Start), added.Updated);

        var byId = await Store.GetConnectionAsync(added.Id, default);
        var byName = await Store.GetConnectionAsync(org.Id, "PROD-ECR", default);
        Assert.Equal(added, byId);
        Assert.Equal(added, byName);
        Assert.NotNull(byId);
        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", byId.Secrets.Reveal("secretAccessKey"));
        Assert.Equal("us-east-1", byId.Fields["region"]);
        Assert.Equal(["aws", "ecr", "get-login-password", "--region", "us-east-1"], byId.Options.PasswordCommand);
        Assert.Equal(TimeSpan.FromSeconds(45), byId.Options.ClientTimeout);
        Assert.Null(byId.LastVerifiedAt);
        Assert.Null(byId.LastVerifyOk);
    }

    [Fact]
    public async Task Add_keeps_a_caller_chosen_id()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var id = Guid.NewGuid();
        var added = await Store.AddConnectionAsync(Sample(org.Id) with { Id = id }, default);
        Assert.Equal(id, added.Id);
        Assert.NotNull(await Store.GetConnectionAsync(id, default));
    }

    [Theory]
    [InlineData("prod-ecr")]
    [InlineData("PROD-ECR")]
    [InlineData("Prod-Ecr")]
    public async Task Name_is_unique_per_organization_ignoring_case(string second)
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.AddConnectionAsync(Sample(org.Id, "prod-ecr"), default);

        var e = await Assert.ThrowsAsync<DuplicateConnectionNameException>(() => Store.AddConnectionAsync(Sample(org.Id, second), default));

        Assert.Contains($"'{second}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'acme'", e.Message, StringComparison.Ordinal);
        Assert.Single(await Store.ListConnectionsAsync(org.Id, default));
    }

    [Fact]
    public async Task Same_name_in_two_organizations_is_fine()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        var globex = await Store.EnsureOrganizationAsync("globex", default);
        var a = await Store.AddConnectionAsync(Sample(acme.Id, "hub"), default);
        var g = await Store.AddConnectionAsync(Sample(globex.Id, "hub"), default);

        Assert.NotEqual(a.Id, g.Id);
        Assert.Equal(a.Id, (await Store.GetConnectionAsync(acme.Id, "hub", default))!.Id);
        Assert.Equal(g.Id, (await Store.GetConnectionAsync(globex.Id, "hub", default))!.Id);
    }

    [Fact]
    public async Task List_is_per_organization_and_ordered_by_name()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        var globex = await Store.EnsureOrganizationAsync("globex", default);
        foreach (var name in new[] { "quay", "Docr", "ghcr" })
        {
            await Store.AddConnectionAsync(Sample(acme.Id, name), default);
        }

        await Store.AddConnectionAsync(Sample(globex.Id, "elsewhere"), default);

        Assert.Equal(["Docr", "ghcr", "quay"], (await Store.ListConnectionsAsync(acme.Id, default)).Select(c => c.Name));
        Assert.Equal(["elsewhere"], (await Store.ListConnectionsAsync(globex.Id, default)).Select(c => c.Name));
        Assert.All(await Store.ListConnectionsAsync(acme.Id, default), c => Assert.True(c.Secrets.IsSet("secretAccessKey")));
    }

    [Fact]
    public async Task Summaries_page_by_name_both_ways_naming_secrets_without_reading_them()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        var globex = await Store.EnsureOrganizationAsync("globex", default);
        foreach (var name in new[] { "quay", "Docr", "ghcr", "acr", "hub" })
        {
            await Store.AddConnectionAsync(Sample(acme.Id, name), default);
        }

        await Store.AddConnectionAsync(Sample(globex.Id, "elsewhere"), default);
        var first = await Store.ListConnectionSummariesAsync(acme.Id, new Berth.Connections.Paging.PageRequest(2), default);
        Assert.Equal(["acr", "Docr"], first.Items.Select(s => s.Connection.Name));
        Assert.Null(first.Previous);
        var second = await Store.ListConnectionSummariesAsync(acme.Id, new Berth.Connections.Paging.PageRequest(2, first.Next), default);
        Assert.Equal(["ghcr", "hub"], second.Items.Select(s => s.Connection.Name));
        var last = await Store.ListConnectionSummariesAsync(acme.Id, new Berth.Connections.Paging.PageRequest(2, second.Next), default);
        Assert.Equal(["quay"], last.Items.Select(s => s.Connection.Name));
        Assert.Null(last.Next);
        var back = await Store.ListConnectionSummariesAsync(acme.Id, new Berth.Connections.Paging.PageRequest(2, last.Previous), default);
        Assert.Equal(["ghcr", "hub"], back.Items.Select(s => s.Connection.Name));
        Assert.All(first.Items, s =>
        {
            Assert.Equal(["secretAccessKey"], s.SecretNames);
            Assert.Equal(0, s.Connection.Secrets.Count);
            Assert.Equal(["team/api", "team/web"], s.Connection.Options.Repositories);
        });

        // A secret that no longer decrypts does not matter to a list: it never decrypts one.
        await ExecuteSqlAsync("UPDATE connection_secrets SET envelope = 'damaged'");
        Assert.Equal(5, (await Store.ListConnectionSummariesAsync(acme.Id, new Berth.Connections.Paging.PageRequest(10), default)).Items.Count);
    }

    [Fact]
    public async Task Adding_to_an_unknown_organization_fails()
    {
        await Assert.ThrowsAsync<OrganizationNotFoundException>(() => Store.AddConnectionAsync(Sample(Guid.NewGuid()), default));
    }

    [Fact]
    public async Task Update_replaces_configuration_and_secrets_and_keeps_created_and_health()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);
        await Store.RecordVerifyResultAsync(added.Id, true, "3 repositories, 41 tags", Start.AddMinutes(1), default);
        Time.Advance(TimeSpan.FromHours(1));

        var changed = added with
        {
            Type = "generic",
            Url = "registry.example.com/team",
            Fields = new Dictionary<string, string> { ["username"] = "robot" },
            Secrets = SecretBag.Empty.With("password", "correct-horse-battery-staple"),
            Options = ConnectionOptions.Default with { PaginateSize = 50 },
        };
        var updated = await Store.UpdateConnectionAsync(changed, default);

        Assert.Equal(added.Created, updated.Created);
        Assert.Equal(Stored(Start.AddHours(1)), updated.Updated);
        Assert.Equal("generic", updated.Type);
        Assert.Equal("registry.example.com/team", updated.Url);
        Assert.Equal(["username"], updated.Fields.Keys);
        Assert.False(updated.Secrets.IsSet("secretAccessKey"));
        Assert.Equal("correct-horse-battery-staple", updated.Secrets.Reveal("password"));
        Assert.Equal(ConnectionOptions.Default with { PaginateSize = 50 }, updated.Options);
        Assert.True(updated.LastVerifyOk);
        Assert.Equal("3 repositories, 41 tags", updated.LastVerifyMessage);
    }

    [Fact]
    public async Task Update_of_a_missing_connection_or_onto_a_taken_name_fails()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.AddConnectionAsync(Sample(org.Id, "one"), default);
        var two = await Store.AddConnectionAsync(Sample(org.Id, "two"), default);

        await Assert.ThrowsAsync<ConnectionNotFoundException>(() => Store.UpdateConnectionAsync(two with { Id = Guid.NewGuid() }, default));
        await Assert.ThrowsAsync<DuplicateConnectionNameException>(() => Store.UpdateConnectionAsync(two with { Name = "ONE", Url = "x.example" }, default));
        Assert.Equal(two, await Store.GetConnectionAsync(two.Id, default));
    }

    [Fact]
    public async Task Rename_changes_the_name_and_checks_uniqueness()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var one = await Store.AddConnectionAsync(Sample(org.Id, "one"), default);
        var two = await Store.AddConnectionAsync(Sample(org.Id, "two"), default);
        Time.Advance(TimeSpan.FromMinutes(5));

        var renamed = await Store.RenameConnectionAsync(one.Id, "primary", default);
        Assert.Equal("primary", renamed.Name);
        Assert.Equal(Stored(Start.AddMinutes(5)), renamed.Updated);
        Assert.Null(await Store.GetConnectionAsync(org.Id, "one", default));
        Assert.Equal(one.Id, (await Store.GetConnectionAsync(org.Id, "primary", default))!.Id);

        var e = await Assert.ThrowsAsync<DuplicateConnectionNameException>(() => Store.RenameConnectionAsync(two.Id, "Primary", default));
        Assert.Contains("'Primary'", e.Message, StringComparison.Ordinal);
        Assert.Equal("two", (await Store.GetConnectionAsync(two.Id, default))!.Name);

        // Changing only the case of its own name is not a conflict.
        Assert.Equal("TWO", (await Store.RenameConnectionAsync(two.Id, "TWO", default)).Name);
        await Assert.ThrowsAsync<ConnectionNotFoundException>(() => Store.RenameConnectionAsync(Guid.NewGuid(), "x", default));
    }

    [Fact]
    public async Task Remove_deletes_the_connection_its_secrets_and_cached_credentials_but_not_audit()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);
        await Store.SaveCachedCredentialAsync(added.Id, "ecr-token", "eyJwYXlsb2FkIjoiZWNyIn0", Start.AddHours(12), default);
        await Store.AppendAuditAsync(org.Id, "admin", "connection.add", added.Id, "prod-ecr", default);

        Assert.True(await Store.RemoveConnectionAsync(added.Id, default));

        Assert.Null(await Store.GetConnectionAsync(added.Id, default));
        Assert.Null(await Store.GetCachedCredentialAsync(added.Id, "ecr-token", default));
        Assert.Empty(await Store.ListConnectionsAsync(org.Id, default));
        Assert.False(await Store.RemoveConnectionAsync(added.Id, default));
        Assert.Single(await Store.ListAuditAsync(org.Id, 10, default));

        // The name is free again.
        await Store.AddConnectionAsync(Sample(org.Id), default);
    }

    [Fact]
    public async Task Verify_result_and_credential_expiry_are_recorded()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);
        var verifiedAt = Start.AddMinutes(3);
        var expires = Start.AddHours(12);

        await Store.RecordVerifyResultAsync(added.Id, false, "GET /v2/: 401 unauthorized", verifiedAt, default);
        await Store.RecordCredentialExpiryAsync(added.Id, expires, default);
        var loaded = await Store.GetConnectionAsync(added.Id, default);

        Assert.Equal(Stored(verifiedAt), loaded!.LastVerifiedAt);
        Assert.False(loaded.LastVerifyOk);
        Assert.Equal("GET /v2/: 401 unauthorized", loaded.LastVerifyMessage);
        Assert.Equal(Stored(expires), loaded.CredentialExpiresAt);
        Assert.Equal(added.Updated, loaded.Updated);

        await Store.RecordVerifyResultAsync(added.Id, true, null, verifiedAt.AddMinutes(1), default);
        await Store.RecordCredentialExpiryAsync(added.Id, null, default);
        loaded = await Store.GetConnectionAsync(added.Id, default);
        Assert.True(loaded!.LastVerifyOk);
        Assert.Null(loaded.LastVerifyMessage);
        Assert.Null(loaded.CredentialExpiresAt);

        await Assert.ThrowsAsync<ConnectionNotFoundException>(() => Store.RecordVerifyResultAsync(Guid.NewGuid(), true, null, verifiedAt, default));
        await Assert.ThrowsAsync<ConnectionNotFoundException>(() => Store.RecordCredentialExpiryAsync(Guid.NewGuid(), expires, default));
    }

    [Fact]
    public async Task Cached_credential_is_returned_until_it_expires()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);
        var expires = Start.AddHours(12);

        await Store.SaveCachedCredentialAsync(added.Id, "ecr-token", "first-token-value-0001", expires, default);
        await Store.SaveCachedCredentialAsync(added.Id, "ecr-token", "second-token-value-0002", expires, default);
        await Store.SaveCachedCredentialAsync(added.Id, "refresh", "refresh-token-value-0003", Start.AddDays(1), default);

        var cached = await Store.GetCachedCredentialAsync(added.Id, "ecr-token", default);
        Assert.Equal("second-token-value-0002", cached!.Reveal());
        Assert.Equal(Stored(expires), cached.ExpiresAt);
        Assert.DoesNotContain("second-token", cached.ToString(), StringComparison.Ordinal);
        Assert.Null(await Store.GetCachedCredentialAsync(added.Id, "other-kind", default));

        Time.Now = expires.AddTicks(-10);
        Assert.NotNull(await Store.GetCachedCredentialAsync(added.Id, "ecr-token", default));
        Time.Now = expires;
        Assert.Null(await Store.GetCachedCredentialAsync(added.Id, "ecr-token", default));
        Assert.Equal("refresh-token-value-0003", (await Store.GetCachedCredentialAsync(added.Id, "refresh", default))!.Reveal());

        await Assert.ThrowsAsync<ConnectionNotFoundException>(() => Store.SaveCachedCredentialAsync(Guid.NewGuid(), "ecr-token", "x", expires, default));
    }

    [Fact]
    public async Task Audit_lists_newest_first_per_organization_with_a_limit()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        var globex = await Store.EnsureOrganizationAsync("globex", default);
        var connectionId = Guid.NewGuid();
        await Store.AppendAuditAsync(acme.Id, "alice", "connection.add", connectionId, "added prod-ecr", default);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.AppendAuditAsync(acme.Id, "bob", "connection.rename", connectionId, "prod-ecr -> primary", default);
        Time.Advance(TimeSpan.FromSeconds(1));
        var last = await Store.AppendAuditAsync(acme.Id, "alice", "admin.rotate-key", null, null, default);
        await Store.AppendAuditAsync(globex.Id, "carol", "connection.add", null, "other org", default);

        var all = await Store.ListAuditAsync(acme.Id, 10, default);
        Assert.Equal(["admin.rotate-key", "connection.rename", "connection.add"], all.Select(a => a.Action));
        Assert.Equal(last, all[0]);
        Assert.Equal(Stored(Start.AddSeconds(2)), all[0].At);
        Assert.Null(all[0].ConnectionId);
        Assert.Equal(connectionId, all[1].ConnectionId);
        Assert.Equal("bob", all[1].Actor);
        Assert.Equal("prod-ecr -> primary", all[1].Detail);
        Assert.Equal(["admin.rotate-key", "connection.rename"], (await Store.ListAuditAsync(acme.Id, 2, default)).Select(a => a.Action));
        Assert.Equal(["carol"], (await Store.ListAuditAsync(globex.Id, 10, default)).Select(a => a.Actor));
    }

    [Fact]
    public async Task The_connections_version_moves_with_every_change_a_list_shows_and_only_for_its_organization()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        var globex = await Store.EnsureOrganizationAsync("globex", default);
        var seen = new List<long> { (await Store.GetConnectionsVersionAsync(acme.Id, default))!.Value };
        var other = await Store.GetConnectionsVersionAsync(globex.Id, default);

        async Task MovedAsync(string what)
        {
            var now = (await Store.GetConnectionsVersionAsync(acme.Id, default))!.Value;
            Assert.True(now != seen[^1], $"the version did not move after {what}");
            seen.Add(now);
        }

        var added = await Store.AddConnectionAsync(Sample(acme.Id), default);
        await MovedAsync("an add");
        await Store.RecordVerifyResultAsync(added.Id, false, "401", Start.AddMinutes(1), default);
        await MovedAsync("a verify result");
        await Store.RecordCredentialExpiryAsync(added.Id, Start.AddHours(12), default);
        await MovedAsync("a credential expiry");
        var stored = (await Store.GetConnectionAsync(added.Id, default))!;
        await Store.UpdateConnectionAsync(stored with { Secrets = stored.Secrets.With("password", "another-password-0001") }, default);
        await MovedAsync("a changed secret");
        await Store.RenameConnectionAsync(added.Id, "renamed", default);
        await MovedAsync("a rename");

        // Writes a list does not show leave it alone.
        await Store.AppendAuditAsync(acme.Id, "alice", "connection.verify", added.Id, "renamed: ok", default);
        await Store.AppendReadAuditAsync(acme.Id, "token:ci", "credential.read", added.Id, "renamed: helper", default);
        await Store.SaveCachedCredentialAsync(added.Id, "ecr-token", "cached-token-value", Start.AddHours(1), default);
        Assert.Equal(seen[^1], await Store.GetConnectionsVersionAsync(acme.Id, default));

        await Store.RemoveConnectionAsync(added.Id, default);
        await MovedAsync("a removal");
        Assert.Equal(other, await Store.GetConnectionsVersionAsync(globex.Id, default));
        Assert.Null(await Store.GetConnectionsVersionAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task A_read_audit_row_is_kept_and_listed_like_any_other()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        var connectionId = Guid.NewGuid();
        await Store.AppendAuditAsync(acme.Id, "alice", "connection.add", connectionId, "prod: added", default);
        Time.Advance(TimeSpan.FromSeconds(1));
        var read = await Store.AppendReadAuditAsync(acme.Id, "token:ci", "credential.read", connectionId, "prod: credential helper", default);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.AppendAuditAsync(acme.Id, "alice", "connection.verify", connectionId, "prod: ok", default);

        var all = await Store.ListAuditAsync(acme.Id, 10, default);
        Assert.Equal(["connection.verify", "credential.read", "connection.add"], all.Select(a => a.Action));
        Assert.Equal(read, all[1]);
        Assert.Equal(Stored(Start.AddSeconds(1)), all[1].At);

        // A reopened store (another process) sees it too.
        var other = await OpenAsync();
        Assert.Contains(await other.ListAuditAsync(acme.Id, 10, default), a => a.Id == read.Id && a.Detail == "prod: credential helper");
    }

    [Fact]
    public async Task Audit_query_filters_by_connection_action_and_actor_within_the_organization()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        var globex = await Store.EnsureOrganizationAsync("globex", default);
        var prod = Guid.NewGuid();
        var staging = Guid.NewGuid();
        await Store.AppendAuditAsync(acme.Id, "token:alice", "connection.create", prod, "prod: created", default);
        await Store.AppendAuditAsync(acme.Id, "token:alice", "connection.verify", prod, "prod: ok", default);
        await Store.AppendAuditAsync(acme.Id, "token:bob", "connection.verify", prod, "prod: failed", default);
        await Store.AppendAuditAsync(acme.Id, "token:bob", "connection.verify", staging, "staging: ok", default);
        await Store.AppendAuditAsync(acme.Id, "cli", "token.create", null, "ci token", default);
        await Store.AppendAuditAsync(globex.Id, "token:alice", "connection.verify", prod, "other org", default);

        async Task<string[]> DetailsAsync(AuditQuery query) =>
            (await Store.QueryAuditAsync(acme.Id, query, default)).Entries.Select(e => e.Detail!).ToArray();

        Assert.Equal(["ci token", "staging: ok", "prod: failed", "prod: ok", "prod: created"], await DetailsAsync(new AuditQuery()));
        Assert.Equal(["prod: failed", "prod: ok", "prod: created"], await DetailsAsync(new AuditQuery { ConnectionId = prod }));
        Assert.Equal(["staging: ok", "prod: failed", "prod: ok"], await DetailsAsync(new AuditQuery { Action = "connection.verify" }));
        Assert.Equal(["staging: ok", "prod: failed"], await DetailsAsync(new AuditQuery { Actor = "token:bob" }));
        Assert.Equal(["prod: failed"], await DetailsAsync(new AuditQuery { ConnectionId = prod, Action = "connection.verify", Actor = "token:bob" }));
        Assert.Empty(await DetailsAsync(new AuditQuery { Action = "connection" }));
        Assert.Empty(await DetailsAsync(new AuditQuery { Actor = "TOKEN:BOB" }));
        var other = await Store.QueryAuditAsync(globex.Id, new AuditQuery { ConnectionId = prod }, default);
        Assert.Equal(["other org"], other.Entries.Select(e => e.Detail));
        Assert.Null(other.OlderCursor);
        Assert.Null(other.NewerCursor);

        var empty = await Store.QueryAuditAsync(acme.Id, new AuditQuery { Actor = "nobody" }, default);
        Assert.Empty(empty.Entries);
        Assert.Null(empty.OlderCursor);
        Assert.Null(empty.NewerCursor);
    }

    [Fact]
    public async Task Audit_query_pages_newest_first_with_cursors_both_ways()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        for (var i = 1; i <= 9; i++)
        {
            // Odd rows are verifies, so paging a filtered query skips the rest.
            await Store.AppendAuditAsync(acme.Id, "cli", i % 2 == 1 ? "connection.verify" : "credential.read", null, $"row {i}", default);
        }

        async Task<(string[] Rows, long? Older, long? Newer)> PageAsync(AuditQuery query)
        {
            var page = await Store.QueryAuditAsync(acme.Id, query, default);
            return (page.Entries.Select(e => e.Detail!).ToArray(), page.OlderCursor, page.NewerCursor);
        }

        var first = await PageAsync(new AuditQuery { Limit = 4 });
        Assert.Equal(["row 9", "row 8", "row 7", "row 6"], first.Rows);
        Assert.Null(first.Newer);
        Assert.NotNull(first.Older);

        var second = await PageAsync(new AuditQuery { Limit = 4, Before = first.Older });
        Assert.Equal(["row 5", "row 4", "row 3", "row 2"], second.Rows);
        Assert.NotNull(second.Older);
        Assert.NotNull(second.Newer);

        var last = await PageAsync(new AuditQuery { Limit = 4, Before = second.Older });
        Assert.Equal(["row 1"], last.Rows);
        Assert.Null(last.Older);
        Assert.NotNull(last.Newer);

        // Back from the last page: the four rows just above it, then the newest page again.
        var back = await PageAsync(new AuditQuery { Limit = 4, After = last.Newer });
        Assert.Equal(second.Rows, back.Rows);
        Assert.Equal(second.Older, back.Older);
        Assert.Equal(second.Newer, back.Newer);
        var top = await PageAsync(new AuditQuery { Limit = 4, After = back.Newer });
        Assert.Equal(first.Rows, top.Rows);
        Assert.Equal(first.Older, top.Older);
        Assert.Null(top.Newer);

        // Rows appended while someone pages do not shift the pages they are on.
        await Store.AppendAuditAsync(acme.Id, "cli", "connection.verify", null, "row 10", default);
        Assert.Equal(second.Rows, (await PageAsync(new AuditQuery { Limit = 4, Before = first.Older })).Rows);
        var stable = await PageAsync(new AuditQuery { Limit = 4, After = back.Newer });
        Assert.Equal(["row 9", "row 8", "row 7", "row 6"], stable.Rows);
        Assert.NotNull(stable.Newer);
        Assert.Equal(["row 10"], (await PageAsync(new AuditQuery { Limit = 4, After = stable.Newer })).Rows);

        var verifies = await PageAsync(new AuditQuery { Limit = 2, Action = "connection.verify" });
        Assert.Equal(["row 10", "row 9"], verifies.Rows);
        var verifies2 = await PageAsync(new AuditQuery { Limit = 2, Action = "connection.verify", Before = verifies.Older });
        Assert.Equal(["row 7", "row 5"], verifies2.Rows);
        var verifies3 = await PageAsync(new AuditQuery { Limit = 2, Action = "connection.verify", Before = verifies2.Older });
        Assert.Equal(["row 3", "row 1"], verifies3.Rows);
        Assert.Null(verifies3.Older);
        Assert.NotNull(verifies3.Newer);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAuditAsync(acme.Id, new AuditQuery { Before = 5, After = 1 }, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryAuditAsync(acme.Id, new AuditQuery { Limit = 0 }, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryAuditAsync(acme.Id, new AuditQuery { Limit = AuditQuery.MaxLimit + 1 }, default));
    }

    // Every embedded script, once each, in order: the connection store, then API tokens and server jobs.
    private static readonly (int, string)[] AllMigrations = [(1, "initial"), (2, "api_tokens"), (3, "server_jobs"), (5, "pull_secret_targets"), (6, "quartz"), (7, "connection_capabilities"), (10, "replication_and_copy_jobs"), (11, "rate_limits"), (12, "paging_indexes"), (13, "connections_version")];

    [Fact]
    public async Task Rate_limit_budgets_are_kept_per_connection_replaced_and_removed_with_it()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);
        await using var limits = await RateLimitStoreFactory.OpenAsync(Database, DataDir, TimeProvider.System, default);
        Assert.Null(await limits.GetAsync(added.Id, default));

        await limits.RecordAsync(added.Id, Berth.Transport.RateLimitBudget.Parse("100;w=21600", "76;w=21600"), default);
        await limits.RecordAsync(added.Id, Berth.Transport.RateLimitBudget.Parse("100;w=21600", "75;w=21600"), default);
        Assert.Equal(new Berth.Transport.RateLimitBudget(100, 75, TimeSpan.FromHours(6)), (await limits.GetAsync(added.Id, default))!.Budget);

        await Store.RemoveConnectionAsync(added.Id, default);
        Assert.Null(await limits.GetAsync(added.Id, default));
    }

    [Fact]
    public async Task Migrations_are_versioned_and_applied_once_across_reopens()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.AddConnectionAsync(Sample(org.Id), default);

        await using (await OpenAsync())
        {
        }

        var reopened = await OpenAsync();
        Assert.Equal(AllMigrations, await AppliedMigrationsAsync());
        Assert.Single(await reopened.ListConnectionsAsync(org.Id, default));
    }

    [Fact]
    public async Task Concurrent_opens_of_a_fresh_database_migrate_it_exactly_once()
    {
        Database = await NewDatabaseAsync();
        var opens = Enumerable.Range(0, 4).Select(_ => Task.Run(() => OpenAsync())).ToArray();
        var stores = await Task.WhenAll(opens);

        Assert.Equal(AllMigrations, await AppliedMigrationsAsync());
        var org = await stores[0].EnsureOrganizationAsync("acme", default);
        await stores[1].AddConnectionAsync(Sample(org.Id), default);
        Assert.Single(await stores[3].ListConnectionsAsync(org.Id, default));
    }

    [Fact]
    public async Task No_secret_value_is_stored_in_plaintext_or_base64()
    {
        string[] secrets =
        [
            "hunter2-Password-Value!",
            "dckr_pat_4r3allyL0ngT0kenValue",
            """{"type":"service_account","client_email":"ci@proj.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n"}""",
            "cached-ecr-token-Zm9vYmFyYmF6",
        ];
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(
            Sample(org.Id) with
            {
                Fields = new Dictionary<string, string> { ["username"] = "visible-username-marker" },
                Secrets = SecretBag.Empty.With("password", secrets[0]).With("token", secrets[1]).With("keyJson", secrets[2]),
            },
            default);
        await Store.SaveCachedCredentialAsync(added.Id, "ecr-token", secrets[3], Start.AddHours(12), default);
        await Store.DisposeAsync();

        var raw = await RawContentAsync();

        Assert.Contains("visible-username-marker", raw, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(bytes), raw, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'), raw, StringComparison.Ordinal);
        }

        // A distinctive chunk of the JSON key must not appear on its own either.
        Assert.DoesNotContain("MIIEvQ", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_master_key_is_refused_by_name_at_open()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.AddConnectionAsync(Sample(org.Id), default);
        var other = MasterKey.Generate(MasterKey.EnvironmentVariable);

        var e = await Assert.ThrowsAsync<MasterKeyMismatchException>(() => OpenAsync(new AesGcmSecretProtector(other)));

        Assert.Equal(MasterKey.EnvironmentVariable, e.KeySource);
        Assert.Equal(Key.Id, e.StoredKeyId);
        Assert.Equal(other.Id, e.CurrentKeyId);
        Assert.Contains("BERTH_MASTER_KEY", e.Message, StringComparison.Ordinal);
        Assert.Contains(Key.Id, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key.ExportBase64(), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(other.ExportBase64(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotating_a_key_file_reencrypts_everything_and_retires_the_old_key()
    {
        var fileProtector = AesGcmSecretProtector.Load(DataDir, _ => null);
        var oldKeyText = await File.ReadAllTextAsync(Path.Combine(DataDir, "master.key"));
        Database = await NewDatabaseAsync();
        var store = await OpenAsync(fileProtector);
        var org = await store.EnsureOrganizationAsync("acme", default);
        var a = await store.AddConnectionAsync(Sample(org.Id, "a") with { Secrets = SecretBag.Empty.With("password", "pw-a-123456789").With("token", "tok-a") }, default);
        var b = await store.AddConnectionAsync(Sample(org.Id, "b"), default);
        await store.SaveCachedCredentialAsync(b.Id, "ecr-token", "cached-b", Start.AddHours(1), default);

        var result = await store.RotateKeyAsync(null, default);

        Assert.Equal(fileProtector.KeyId, result.OldKeyId);
        Assert.NotEqual(result.OldKeyId, result.NewKeyId);
        Assert.Equal(4, result.SecretsReencrypted);
        Assert.Equal(Path.Combine(DataDir, "master.key"), result.NewKeyLocation);
        Assert.Equal(result.NewKeyId, store.KeyId);
        Assert.Equal("pw-a-123456789", (await store.GetConnectionAsync(a.Id, default))!.Secrets.Reveal("password"));
        Assert.False(File.Exists(Path.Combine(DataDir, "master.key.new")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(DataDir, "master.key")));

        var reloaded = AesGcmSecretProtector.Load(DataDir, _ => null);
        Assert.Equal(result.NewKeyId, reloaded.KeyId);
        var fresh = await OpenAsync(reloaded);
        var loadedA = await fresh.GetConnectionAsync(a.Id, default);
        Assert.Equal("pw-a-123456789", loadedA!.Secrets.Reveal("password"));
        Assert.Equal("tok-a", loadedA.Secrets.Reveal("token"));
        Assert.Equal(b.Secrets, (await fresh.GetConnectionAsync(b.Id, default))!.Secrets);
        Assert.Equal("cached-b", (await fresh.GetCachedCredentialAsync(b.Id, "ecr-token", default))!.Reveal());

        var old = new AesGcmSecretProtector(MasterKey.FromBase64(oldKeyText, "old key"));
        var e = await Assert.ThrowsAsync<MasterKeyMismatchException>(() => OpenAsync(old));
        Assert.Equal(result.NewKeyId, e.StoredKeyId);
    }

    [Fact]
    public async Task Rotating_an_environment_key_writes_the_new_key_to_the_file_given()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);
        var envKey = new AesGcmSecretProtector(Key);

        var refused = await Assert.ThrowsAsync<KeyRotationException>(() => Store.RotateKeyAsync(null, default));
        Assert.Contains("--new-key-file", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Key.Id, Store.KeyId);

        Directory.CreateDirectory(DataDir);
        var newKeyFile = Path.Combine(DataDir, "next.key");
        var result = await Store.RotateKeyAsync(newKeyFile, default);

        Assert.Equal(newKeyFile, result.NewKeyLocation);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(newKeyFile));
        var next = MasterKey.FromBase64(await File.ReadAllTextAsync(newKeyFile), MasterKey.EnvironmentVariable);
        Assert.Equal(result.NewKeyId, next.Id);
        var reopened = await OpenAsync(new AesGcmSecretProtector(next));
        Assert.Equal(added.Secrets, (await reopened.GetConnectionAsync(added.Id, default))!.Secrets);
        await Assert.ThrowsAsync<MasterKeyMismatchException>(() => OpenAsync(envKey));
        await Assert.ThrowsAsync<KeyRotationException>(() => reopened.RotateKeyAsync(newKeyFile, default));
    }

    [Fact]
    public async Task A_rotation_interrupted_before_the_key_file_rename_is_finished_at_next_open()
    {
        var keyFile = Path.Combine(DataDir, "master.key");
        var protector = AesGcmSecretProtector.Load(DataDir, _ => null);
        var oldKeyText = await File.ReadAllTextAsync(keyFile);
        Database = await NewDatabaseAsync();
        var store = await OpenAsync(protector);
        var org = await store.EnsureOrganizationAsync("acme", default);
        var added = await store.AddConnectionAsync(Sample(org.Id), default);
        var result = await store.RotateKeyAsync(null, default);

        // Put the files back as a crash between commit and rename leaves them: old key in place, new key pending.
        File.Move(keyFile, keyFile + ".new");
        await File.WriteAllTextAsync(keyFile, oldKeyText);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var resumed = await OpenAsync(AesGcmSecretProtector.Load(DataDir, _ => null));

        Assert.Equal(result.NewKeyId, resumed.KeyId);
        Assert.Equal(added.Secrets, (await resumed.GetConnectionAsync(added.Id, default))!.Secrets);
        Assert.False(File.Exists(keyFile + ".new"));
        Assert.Equal(result.NewKeyId, AesGcmSecretProtector.Load(DataDir, _ => null).KeyId);
    }
    // ---- Issue 14, finding 9: one damaged row never takes the others down. ----

    /// <summary>Alters the last characters of every envelope of the named connection, as a bit flip on disk would.</summary>
    private Task TamperSecretsOfAsync(string connectionName) => ExecuteSqlAsync(
        "UPDATE connection_secrets SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA' "
        + $"WHERE connection_id = (SELECT id FROM connections WHERE name = '{connectionName}')");

    [Fact]
    public async Task A_tampered_secret_marks_only_its_connection_and_using_it_names_the_fix()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.AddConnectionAsync(Sample(org.Id, "damaged") with { Secrets = SecretBag.Empty.With("password", "pw-damaged-1").With("token", "tok") }, default);
        var intact = await Store.AddConnectionAsync(Sample(org.Id, "intact"), default);
        await ExecuteSqlAsync(
            "UPDATE connection_secrets SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA' "
            + "WHERE name = 'password' AND connection_id = (SELECT id FROM connections WHERE name = 'damaged')");

        var all = await Store.ListConnectionsAsync(org.Id, default);

        Assert.Equal(["damaged", "intact"], all.Select(c => c.Name));
        var damaged = all[0];
        Assert.False(damaged.SecretsReadable);
        Assert.False(damaged.IsReadable);
        Assert.Equal(["password"], damaged.Secrets.UnreadableNames);
        Assert.True(damaged.Secrets.IsSet("password"));
        Assert.Equal("tok", damaged.Secrets.Reveal("token"));
        Assert.Equal("SecretBag(password=unreadable, token=set)", damaged.Secrets.ToString());
        Assert.True(all[1].IsReadable);
        Assert.Equal(intact.Secrets, all[1].Secrets);

        var e = Assert.Throws<ConnectionUnreadableException>(() => damaged.Secrets.Reveal("password"));
        Assert.Throws<ConnectionUnreadableException>(() => damaged.Secrets.TryReveal("password", out _));
        Assert.Equal(Berth.Errors.ErrorCategory.Failed, e.Category);
        Assert.Equal(Berth.Errors.ErrorOrigin.Local, e.Origin);
        Assert.Contains("connection 'damaged'", e.Message, StringComparison.Ordinal);
        Assert.Contains("stored secret 'password' is unreadable", e.Message, StringComparison.Ordinal);
        Assert.Contains("PUT /api/v1/registries/damaged", e.Message, StringComparison.Ordinal);
        Assert.Contains("berth connect", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-damaged-1", e.Message, StringComparison.Ordinal);
        Assert.Equal(e.Message, damaged.UnreadableError()!.Message);
        Assert.False((await Store.GetConnectionAsync(damaged.Id, default))!.SecretsReadable);
        Assert.False((await Store.GetConnectionAsync(org.Id, "damaged", default))!.SecretsReadable);

        // Re-entering the secret repairs the connection.
        var repaired = await Store.UpdateConnectionAsync(damaged with { Secrets = damaged.Secrets.With("password", "pw-new-1") }, default);
        Assert.True(repaired.IsReadable);
        Assert.Equal("pw-new-1", repaired.Secrets.Reveal("password"));
        Assert.Equal("tok", repaired.Secrets.Reveal("token"));
    }

    [Fact]
    public async Task A_secret_written_under_another_key_is_unreadable_and_named_by_key_id()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id, "foreign"), default);
        await Store.AddConnectionAsync(Sample(org.Id, "intact"), default);
        var other = new AesGcmSecretProtector(MasterKey.Generate("other"));
        var envelope = other.Protect("from-another-key", SecretContext.ForConnectionSecret(added.Id, "secretAccessKey"));
        await ExecuteSqlAsync(
            $"UPDATE connection_secrets SET envelope = '{envelope}' WHERE connection_id = (SELECT id FROM connections WHERE name = 'foreign')");

        var all = await Store.ListConnectionsAsync(org.Id, default);

        var foreign = all.Single(c => c.Name == "foreign");
        var e = Assert.Throws<ConnectionUnreadableException>(() => foreign.Secrets.Reveal("secretAccessKey"));
        Assert.Contains($"master key id {other.KeyId}, not the current key {Key.Id}", e.Message, StringComparison.Ordinal);
        Assert.True(all.Single(c => c.Name == "intact").IsReadable);
    }

    [Fact]
    public async Task Fields_that_no_longer_parse_mark_only_their_connection()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.AddConnectionAsync(Sample(org.Id, "broken"), default);
        await Store.AddConnectionAsync(Sample(org.Id, "intact"), default);
        await ExecuteSqlAsync("UPDATE connections SET fields = '{not json' WHERE name = 'broken'");

        var all = await Store.ListConnectionsAsync(org.Id, default);

        var broken = all.Single(c => c.Name == "broken");
        Assert.False(broken.IsReadable);
        Assert.Empty(broken.Fields);
        var e = Assert.Throws<ConnectionUnreadableException>(broken.ThrowIfUnreadable);
        Assert.Contains("connection 'broken'", e.Message, StringComparison.Ordinal);
        Assert.Contains("fields are not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.True(all.Single(c => c.Name == "intact").IsReadable);
    }

    [Fact]
    public async Task A_damaged_cached_credential_is_a_miss_and_is_replaced_by_the_next_save()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);
        await Store.SaveCachedCredentialAsync(added.Id, "registry", "cached-token-0001", Start.AddHours(1), default);
        await ExecuteSqlAsync("UPDATE cached_credentials SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA'");

        Assert.Null(await Store.GetCachedCredentialAsync(added.Id, "registry", default));

        await Store.SaveCachedCredentialAsync(added.Id, "registry", "cached-token-0002", Start.AddHours(1), default);
        Assert.Equal("cached-token-0002", (await Store.GetCachedCredentialAsync(added.Id, "registry", default))!.Reveal());
    }

    [Fact]
    public async Task Rotation_refuses_to_start_over_an_unreadable_secret_and_names_its_connection()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var damaged = await Store.AddConnectionAsync(Sample(org.Id, "damaged"), default);
        await Store.SaveCachedCredentialAsync(damaged.Id, "registry", "cached-token-0001", Start.AddHours(1), default);
        await TamperSecretsOfAsync("damaged");
        Directory.CreateDirectory(DataDir);

        var e = await Assert.ThrowsAsync<KeyRotationException>(() => Store.RotateKeyAsync(Path.Combine(DataDir, "next.key"), default));

        Assert.Contains("connection 'damaged'", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", e.Message, StringComparison.Ordinal);
        Assert.Equal(Key.Id, Store.KeyId);
        Assert.Equal("cached-token-0001", (await Store.GetCachedCredentialAsync(damaged.Id, "registry", default))!.Reveal());
        Assert.NotNull(await OpenAsync());
    }

    [Fact]
    public async Task An_altered_key_check_stops_the_open_with_one_clear_message()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.AddConnectionAsync(Sample(org.Id), default);
        await ExecuteSqlAsync("UPDATE key_check SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA'");

        var e = await Assert.ThrowsAsync<MasterKeyException>(() => OpenAsync());

        Assert.Contains("key check", e.Message, StringComparison.Ordinal);
        Assert.Contains(Key.Id, e.Message, StringComparison.Ordinal);
        Assert.Contains("Restore the database", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key.ExportBase64(), e.Message, StringComparison.Ordinal);
    }
}
