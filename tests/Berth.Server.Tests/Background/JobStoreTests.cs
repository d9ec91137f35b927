using Berth.Connections.Jobs;
using Berth.Testing;

namespace Berth.Server.Tests.Background;

/// <summary>Lease rules on SQLite (PostgreSQL runs the same statement in the replica test).</summary>
public sealed class JobStoreTests
{
    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_lease_is_held_until_it_expires_or_is_released()
    {
        using var dir = new TempDirectory("berth-leases");
        var clock = new Clock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = await JobStoreFactory.OpenAsync(null, dir.Path, clock, CancellationToken.None);
        var minute = TimeSpan.FromMinutes(1);

        Assert.True(await store.TryAcquireLeaseAsync("health", "a", minute, CancellationToken.None));
        Assert.False(await store.TryAcquireLeaseAsync("health", "b", minute, CancellationToken.None));
        Assert.True(await store.TryAcquireLeaseAsync("health", "a", minute, CancellationToken.None)); // renewal
        Assert.True(await store.TryAcquireLeaseAsync("listings", "b", minute, CancellationToken.None)); // other job

        clock.Now += TimeSpan.FromSeconds(59);
        Assert.False(await store.TryAcquireLeaseAsync("health", "b", minute, CancellationToken.None));
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.True(await store.TryAcquireLeaseAsync("health", "b", minute, CancellationToken.None)); // a's expired
        Assert.False(await store.TryAcquireLeaseAsync("health", "a", minute, CancellationToken.None));

        await store.ReleaseLeaseAsync("health", "b", CancellationToken.None);
        Assert.True(await store.TryAcquireLeaseAsync("health", "a", minute, CancellationToken.None));

        clock.Now += TimeSpan.FromHours(2);
        Assert.Equal(2, await store.DeleteExpiredLeasesAsync(clock.Now - TimeSpan.FromHours(1), CancellationToken.None));
    }
}
