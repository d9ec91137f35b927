using Berth.Connections.Storage;
using Berth.Connections.Tokens;
using Berth.Testing;

namespace Berth.Connections.Tests.Tokens;

/// <summary>
/// The token cache on SQLite: a revoke through the caching store is honoured at once; a revoke it cannot hear of
/// (another process on the same file) within the cache lifetime, never later.
/// </summary>
public sealed class CachingTokenStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("berth-token-cache");
    private readonly ManualTime _time = ManualTime.At("2026-01-01T00:00:00Z");
    private Organization _org = null!;

    public async Task InitializeAsync()
    {
        await using var store = await StoreFactory.OpenAsync(null, _dir.Path, Berth.Connections.Secrets.AesGcmSecretProtector.Load(_dir.Path, _ => null), _time, CancellationToken.None);
        _org = await store.EnsureOrganizationAsync("default", CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_revoke_elsewhere_takes_effect_within_the_lifetime_and_a_local_revoke_at_once()
    {
        await using var cached = await TokenStoreFactory.OpenCachedAsync(null, _dir.Path, _time, TimeSpan.FromSeconds(5), CancellationToken.None);
        await using var elsewhere = await TokenStoreFactory.OpenAsync(null, _dir.Path, _time, CancellationToken.None);
        var first = await cached.CreateAsync(_org.Id, ApiTokenRole.Member, [], null, CancellationToken.None);
        var second = await cached.CreateAsync(_org.Id, ApiTokenRole.Member, [], null, CancellationToken.None);
        Assert.NotNull(await cached.AuthenticateAsync(first.Secret, CancellationToken.None));
        Assert.NotNull(await cached.AuthenticateAsync(second.Secret, CancellationToken.None));
        Assert.Equal(2, cached.Count);

        // Revoked by another process: this one learns it when its copy expires (the documented bound).
        Assert.True(await elsewhere.RevokeAsync(first.Token.Id, CancellationToken.None));
        Assert.NotNull(await cached.AuthenticateAsync(first.Secret, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(await cached.AuthenticateAsync(first.Secret, CancellationToken.None));

        // Revoked through the caching store itself: refused at once, however fresh its copy.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await cached.AuthenticateAsync(second.Secret, CancellationToken.None));
        Assert.True(await cached.RevokeAsync(second.Token.Id, CancellationToken.None));
        Assert.Null(await cached.AuthenticateAsync(second.Secret, CancellationToken.None));
        Assert.Equal(0, cached.Count);
    }

    [Fact]
    public async Task Narrowing_a_ci_tokens_connections_is_seen_at_once_and_a_zero_lifetime_caches_nothing()
    {
        await using var cached = await TokenStoreFactory.OpenCachedAsync(null, _dir.Path, _time, TimeSpan.FromMinutes(5), CancellationToken.None);
        var ci = await cached.CreateAsync(_org.Id, ApiTokenRole.Ci, ["a", "b"], null, CancellationToken.None);
        Assert.Equal(["a", "b"], (await cached.AuthenticateAsync(ci.Secret, CancellationToken.None))!.Connections);
        Assert.True(await cached.SetConnectionsAsync(ci.Token.Id, ["b"], CancellationToken.None));
        Assert.Equal(["b"], (await cached.AuthenticateAsync(ci.Secret, CancellationToken.None))!.Connections);

        // Unknown tokens are never remembered, so guessing cannot fill the cache.
        Assert.Null(await cached.AuthenticateAsync(ApiTokenSecret.Generate(), CancellationToken.None));
        Assert.Equal(1, cached.Count);

        await using var uncached = await TokenStoreFactory.OpenCachedAsync(null, _dir.Path, _time, TimeSpan.Zero, CancellationToken.None);
        await using var elsewhere = await TokenStoreFactory.OpenAsync(null, _dir.Path, _time, CancellationToken.None);
        Assert.NotNull(await uncached.AuthenticateAsync(ci.Secret, CancellationToken.None));
        Assert.True(await elsewhere.RevokeAsync(ci.Token.Id, CancellationToken.None));
        Assert.Null(await uncached.AuthenticateAsync(ci.Secret, CancellationToken.None));
        Assert.Equal(0, uncached.Count);
    }
}
