using Berth.Connections.PullSecrets;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Testing;
using Berth.Testing.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Server.Tests.PullSecrets;

/// <summary>The target store on both backends: the same statements (upsert of status, due times, the encrypted token) on SQLite and PostgreSQL.</summary>
public sealed class PullSecretStoreTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public Task Sqlite_keeps_targets_and_status() => RoundTripAsync(null);

    [Fact]
    public async Task Postgres_keeps_targets_and_status() => await RoundTripAsync(await cluster.CreateDatabaseAsync());

    [Fact]
    public async Task Key_rotation_re_encrypts_cluster_tokens()
    {
        using var dir = new TempDirectory("berth-pullsecret-rotate");
        var protector = AesGcmSecretProtector.Load(dir.Path, _ => null);
        await using (var connections = await StoreFactory.OpenAsync(null, dir.Path, protector, CancellationToken.None))
        await using (var store = await PullSecretStoreFactory.OpenAsync(null, dir.Path, protector, null, CancellationToken.None))
        {
            var org = await connections.EnsureOrganizationAsync("default", CancellationToken.None);
            await store.AddAsync(new PullSecretTarget { OrganizationId = org.Id, Name = "prod", Server = new Uri("https://127.0.0.1:6443/"), Token = "cluster-token-value", Namespaces = ["a"], SecretName = "regcred" }, CancellationToken.None);
            var result = await connections.RotateKeyAsync(null, CancellationToken.None);
            Assert.Equal(1, result.SecretsReencrypted);
        }

        var rotated = AesGcmSecretProtector.Load(dir.Path, _ => null);
        Assert.NotEqual(protector.KeyId, rotated.KeyId);
        await using var reopened = await PullSecretStoreFactory.OpenAsync(null, dir.Path, rotated, null, CancellationToken.None);
        var target = Assert.Single(await reopened.ListAsync(null, CancellationToken.None));
        Assert.Equal("cluster-token-value", target.Token);
    }

    private static async Task RoundTripAsync(string? database)
    {
        using var dir = new TempDirectory("berth-pullsecret-store");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var protector = AesGcmSecretProtector.Load(dir.Path, _ => null);
        await using var connections = await StoreFactory.OpenAsync(database, dir.Path, protector, clock, CancellationToken.None);
        await using var store = await PullSecretStoreFactory.OpenAsync(database, dir.Path, protector, clock, CancellationToken.None);
        var org = await connections.EnsureOrganizationAsync("default", CancellationToken.None);
        var connectionId = Guid.CreateVersion7();
        var added = await store.AddAsync(new PullSecretTarget
        {
            OrganizationId = org.Id,
            Name = "Prod",
            Server = new Uri("https://127.0.0.1:6443/"),
            Token = "cluster-token-value",
            Namespaces = ["a", "b"],
            SecretName = "regcred",
            Connections = [connectionId],
            PatchDefaultServiceAccount = true,
            DueAt = clock.GetUtcNow(),
        }, CancellationToken.None);

        await Assert.ThrowsAsync<PullSecretTargetExistsException>(() => store.AddAsync(added with { Id = Guid.Empty, Token = "x" }, CancellationToken.None));
        var t0 = clock.GetUtcNow();
        await store.RecordAsync(added.Id, [new("a", t0, t0, "created", null), new("b", t0, null, null, "HTTP 403")], t0.AddHours(6), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        var t1 = clock.GetUtcNow();
        await store.RecordAsync(added.Id, [new("a", t1, null, null, "HTTP 500"), new("b", t1, t1, "created", null)], t1.AddMinutes(5), CancellationToken.None);

        var found = await store.GetAsync(org.Id, "prod", CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal("cluster-token-value", found.Token);
        Assert.Equal(["a", "b"], found.Namespaces);
        Assert.Equal([connectionId], found.Connections);
        Assert.True(found.PatchDefaultServiceAccount);
        Assert.Equal(t1.AddMinutes(5), found.DueAt);
        // A failure keeps the last successful write beside the new error.
        Assert.Equal(new PullSecretNamespaceStatus("a", t1, t0, "created", "HTTP 500"), found.Status[0]);
        Assert.Equal(new PullSecretNamespaceStatus("b", t1, t1, "created", null), found.Status[1]);

        await store.MarkDueAsync([added.Id], t0, CancellationToken.None);
        var updated = await store.UpdateAsync(found with { Token = null, NamespaceSelector = "env=prod", Namespaces = [] }, CancellationToken.None);
        Assert.Equal("cluster-token-value", updated.Token);
        Assert.Equal("env=prod", updated.NamespaceSelector);
        Assert.Single(await store.ListAsync(null, CancellationToken.None));
        Assert.True(await store.RemoveAsync(added.Id, CancellationToken.None));
        Assert.Empty(await store.ListAsync(org.Id, CancellationToken.None));
    }
}
