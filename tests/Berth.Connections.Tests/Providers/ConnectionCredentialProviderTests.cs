using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers.Fakes;
using Berth.References;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

public sealed class ConnectionCredentialProviderTests
{
    private const string EcrHost = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    private readonly ManualTime _time = ManualTime.At("2026-03-01T09:00:00Z");

    private static Connection EcrConnection() =>
        Make("ecr", EcrHost + "/team", [("accessKeyId", FakeEcr.AccessKeyId)], [("secretAccessKey", FakeEcr.SecretAccessKey)]);

    private ProviderContext Context(FakeEcr ecr) => new() { Time = _time, Endpoints = ProviderEndpoints.Public with { EcrOverride = ecr.Endpoint } };

    [Fact]
    public async Task Short_lived_credential_is_reused_until_ten_percent_of_its_lifetime_remains()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        using var provider = new ConnectionCredentialProvider(EcrConnection(), Context(ecr));
        var host = RegistryHost.Parse(EcrHost);

        var first = await provider.GetCredentialAsync(host, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(47)); // 1 h 13 min left: more than 10 % of 12 h
        var second = await provider.GetCredentialAsync(host, CancellationToken.None);
        Assert.Same(first, second);
        Assert.Equal(1, ecr.TokensIssued);

        _time.Advance(TimeSpan.FromMinutes(2)); // 1 h 11 min left: under 72 min, renew
        var third = await provider.GetCredentialAsync(host, CancellationToken.None);
        Assert.NotSame(first, third);
        Assert.Equal("AWS", third.Username);
        Assert.Equal(2, ecr.TokensIssued);
    }

    [Theory]
    [InlineData(12 * 60, 12 * 60 - 72)] // ECR: 10 % = 72 min
    [InlineData(60, 54)]                // Google access token: 10 % = 6 min
    [InlineData(30, 25)]                // short token: the 5 min floor wins
    [InlineData(6, 3)]                  // very short token: never later than half-way
    public void Refresh_point_is_ten_percent_or_five_minutes_before_expiry(int lifetimeMinutes, int refreshAfterMinutes)
    {
        var obtained = _time.GetUtcNow();

        var at = CredentialRefreshPolicy.Default.RefreshAt(obtained, obtained.AddMinutes(lifetimeMinutes));

        Assert.Equal(obtained.AddMinutes(refreshAfterMinutes), at);
    }

    [Fact]
    public async Task New_credential_is_cached_in_the_store_and_its_expiry_recorded()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        var connection = EcrConnection();
        var store = new RecordingStore(_time, connection.Id);
        using var provider = new ConnectionCredentialProvider(connection, Context(ecr), store);

        var credential = await provider.GetProviderCredentialAsync(CancellationToken.None);

        var expected = _time.GetUtcNow().AddHours(12).AddMilliseconds(500);
        Assert.Equal(expected, credential.ExpiresAt);
        Assert.Equal([(connection.Id, (DateTimeOffset?)expected)], store.Expiries);
        var cached = store.Cached[(connection.Id, "registry")];
        Assert.Equal(expected, cached.ExpiresAt);
        Assert.DoesNotContain(FakeEcr.RegistryPassword, cached.ToString());
    }

    [Fact]
    public async Task Another_process_reuses_the_stored_credential_without_calling_ecr()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        var connection = EcrConnection();
        var store = new RecordingStore(_time, connection.Id);
        using (var first = new ConnectionCredentialProvider(connection, Context(ecr), store))
        {
            await first.GetProviderCredentialAsync(CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromHours(1));
        using var second = new ConnectionCredentialProvider(connection, Context(ecr), store);
        var credential = await second.GetProviderCredentialAsync(CancellationToken.None);

        Assert.Equal(1, ecr.TokensIssued);
        Assert.Equal(FakeEcr.RegistryPassword, credential.Credential.Password);
        Assert.Single(store.Expiries);
    }

    [Fact]
    public async Task Stored_credential_older_than_the_connection_change_is_not_used()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        var connection = EcrConnection();
        var store = new RecordingStore(_time, connection.Id);
        using (var first = new ConnectionCredentialProvider(connection, Context(ecr), store))
        {
            await first.GetProviderCredentialAsync(CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        using var changed = new ConnectionCredentialProvider(connection with { Updated = _time.GetUtcNow() }, Context(ecr), store);
        await changed.GetProviderCredentialAsync(CancellationToken.None);

        Assert.Equal(2, ecr.TokensIssued);
    }

    [Fact]
    public async Task Unsaved_connection_still_works_when_the_store_does_not_know_it()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        var store = new RecordingStore(_time);
        using var provider = new ConnectionCredentialProvider(EcrConnection(), Context(ecr), store);

        var credential = await provider.GetProviderCredentialAsync(CancellationToken.None);

        Assert.Equal("AWS", credential.Credential.Username);
        Assert.Empty(store.Expiries);
    }

    [Fact]
    public async Task Long_lived_credentials_are_not_stored()
    {
        var connection = Make("dockerhub", "", [("username", "porter1")], [("password", "dckr_pat_x")]);
        var store = new RecordingStore(_time, connection.Id);
        using var provider = new ConnectionCredentialProvider(connection, new ProviderContext { Time = _time }, store);

        var credential = await provider.GetCredentialAsync(RegistryHost.Parse("index.docker.io"), CancellationToken.None);

        Assert.Equal("porter1", credential.Username);
        Assert.Equal(0, store.Saves);
        Assert.Empty(store.Expiries);
    }

    [Fact]
    public async Task Other_registries_get_anonymous_so_credentials_never_leave_their_host()
    {
        var connection = Make("ghcr", "ghcr.io/acme", [("username", "octocat")], [("password", "ghp_x")]);
        using var provider = new ConnectionCredentialProvider(connection);

        var own = await provider.GetCredentialAsync(RegistryHost.Parse("ghcr.io"), CancellationToken.None);
        var other = await provider.GetCredentialAsync(RegistryHost.Parse("quay.io"), CancellationToken.None);

        Assert.Equal("octocat", own.Username);
        Assert.True(other.IsAnonymous);
    }

    [Fact]
    public async Task Invalidate_forces_a_new_credential()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        using var provider = new ConnectionCredentialProvider(EcrConnection(), Context(ecr));

        await provider.GetProviderCredentialAsync(CancellationToken.None);
        provider.Invalidate();
        await provider.GetProviderCredentialAsync(CancellationToken.None);

        Assert.Equal(2, ecr.TokensIssued);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        using var provider = new ConnectionCredentialProvider(EcrConnection(), Context(ecr));
        var host = RegistryHost.Parse(EcrHost);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetCredentialAsync(host, CancellationToken.None).AsTask()));

        Assert.Equal(1, ecr.TokensIssued);
    }
}
