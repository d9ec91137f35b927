using System.Diagnostics;
using Berth.Connections.Providers;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Connections.UseCases;
using Berth.Errors;
using Berth.Testing;

namespace Berth.Connections.Tests.UseCases;

/// <summary>
/// A browse (what the API's manifest and tags endpoints and the dashboard's pages call) answers within the policy's
/// browse time however the registry behaves, and its listings keep the client's bounds.
/// </summary>
public sealed class BrowseBoundsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-browse").FullName;
    private IConnectionStore _store = null!;
    private Actor _actor = null!;

    public async Task InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(null, _dir, AesGcmSecretProtector.Load(_dir, _ => null), TimeProvider.System, CancellationToken.None);
        var org = await _store.EnsureOrganizationAsync("default", CancellationToken.None);
        _actor = new Actor(org.Id, "tester");
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<ConnectionUseCases> UseCasesWithAsync(HostileRegistry registry, TimeSpan? browseTimeout, int? timeoutSeconds = null)
    {
        var useCases = new ConnectionUseCases(_store, new RegistryClientFactory(ProviderContext.Default, _store), TimeProvider.System,
            policy: new ConnectionPolicy { BrowseTimeout = browseTimeout });
        await useCases.CreateAsync(_actor, new ConnectionInput
        {
            Name = "hostile",
            Type = "generic",
            Url = "http://" + registry.Host,
            TimeoutSeconds = timeoutSeconds,
            Values = new Dictionary<string, string?> { ["username"] = "u", ["password"] = "secret-password-1234" },
        }, verify: false, CancellationToken.None);
        return useCases;
    }

    [Fact(Timeout = 60_000)]
    public async Task Inspecting_an_image_whose_manifest_stalls_answers_within_the_browse_time()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.StallingManifest);
        // The connection would wait 30 s on the silence; the browse may take 2 s in all.
        var useCases = await UseCasesWithAsync(registry, TimeSpan.FromSeconds(2));

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RegistryUnreachableException>(() =>
            useCases.InspectAsync(_actor, "hostile", HostileRegistry.Repository, HostileRegistry.Tag, null, CancellationToken.None));

        Assert.Equal($"cannot reach registry {registry.Host}: inspecting team/app:1.0 took longer than the 2 s a browse may take; the registry is slow or stalling, try again later", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(6));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_connection_timeout_is_also_its_stall_timeout()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.StallingBlob);
        var useCases = await UseCasesWithAsync(registry, browseTimeout: null, timeoutSeconds: 2);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RegistryUnreachableException>(() =>
            useCases.InspectAsync(_actor, "hostile", HostileRegistry.Repository, HostileRegistry.Tag, null, CancellationToken.None));

        Assert.True(error.Stalled);
        Assert.Contains("it stopped sending blob sha256:", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(6));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_tag_listing_that_pages_forever_fails_at_the_page_limit()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessTagPages);
        var useCases = await UseCasesWithAsync(registry, TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            useCases.ListTagsAsync(_actor, "hostile", HostileRegistry.Repository, cached: false, CancellationToken.None));

        Assert.Contains("stopped at the limit of 1,000 pages", error.Message, StringComparison.Ordinal);
    }
}
