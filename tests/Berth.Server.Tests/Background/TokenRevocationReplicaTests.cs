using System.Net;
using Berth.Connections.Secrets;
using Berth.Connections.Tokens;
using Berth.Testing;
using Berth.Testing.Postgres;

namespace Berth.Server.Tests.Background;

/// <summary>
/// Two replicas on one PostgreSQL database, each caching token checks for five minutes: a token revoked through one
/// is refused by the other within moments (LISTEN/NOTIFY), not after the cache lifetime.
/// </summary>
public sealed class TokenRevocationReplicaTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task A_token_revoked_on_one_replica_is_refused_by_the_other_long_before_its_cached_copy_expires()
    {
        var database = await cluster.CreateDatabaseAsync();
        using var data = new TempDirectory("berth-token-replicas");
        _ = AesGcmSecretProtector.Load(data.Path);
        await using var a = await ServerHarness.StartAsync(o => o with { TokenCacheLifetime = TimeSpan.FromMinutes(5), InstanceId = "replica-a" }, data.Path, database);
        await using var b = await ServerHarness.StartAsync(o => o with { TokenCacheLifetime = TimeSpan.FromMinutes(5), InstanceId = "replica-b" }, data.Path, database);
        var admin = a.AdminToken ?? b.AdminToken;
        var member = await a.CreateTokenAsync("default", ApiTokenRole.Member);
        var memberId = (await a.Server.Stores.Tokens.ListAsync(null, CancellationToken.None)).Single(t => !t.Bootstrap).Id;
        using var adminOnA = a.Client(admin);
        using var memberOnB = b.Client(member);

        // Token pages on PostgreSQL: one a page, oldest first, through the Link header.
        using (var page1 = await adminOnA.GetAsync("api/v1/tokens?limit=1"))
        {
            var link = Assert.Single(page1.Headers.GetValues("Link"));
            Assert.EndsWith("; rel=\"next\"", link, StringComparison.Ordinal);
            using var page2 = await adminOnA.GetAsync(link[2..link.IndexOf('>', StringComparison.Ordinal)]);
            Assert.Equal(memberId, Assert.Single((await Json.ReadAsync(page2)).EnumerateArray()).GetProperty("id").GetGuid());
        }

        // B listens, and has the member's token cached.
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(((CachingTokenStore)b.Server.Stores.Tokens).IsListening)), "replica B never subscribed to token changes");
        Assert.Equal(HttpStatusCode.OK, (await memberOnB.GetAsync("api/v1/registries")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await adminOnA.DeleteAsync($"api/v1/tokens/{memberId:D}")).StatusCode);
        Assert.True(
            await Eventually.TrueAsync(async () => (await memberOnB.GetAsync("api/v1/registries")).StatusCode == HttpStatusCode.Unauthorized),
            "replica B still honoured the revoked token after 10 s; its cached copy lives 5 min, so the revoke was never announced");
    }
}
