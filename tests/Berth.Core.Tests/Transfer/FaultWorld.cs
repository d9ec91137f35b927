using Berth.Distribution;
using Berth.References;
using Berth.Testing;
using Berth.Transport;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// Two real registries, each behind a <see cref="FaultProxy"/>: <c>app:1</c> (three ~600 KB layers) at the
/// source. Tests copy through the proxies, so faults can be put on either side, and check the target directly.
/// </summary>
public sealed class FaultWorld : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("berth-faults");

    public RegistryServer Source { get; private set; } = null!;

    public RegistryServer Target { get; private set; } = null!;

    public FaultProxy SourceProxy { get; private set; } = null!;

    public FaultProxy TargetProxy { get; private set; } = null!;

    public OciLayoutImage Image { get; private set; } = null!;

    /// <summary>The largest layer: the one that streams longest, so a fault mid-body surely lands in it.</summary>
    public OciBlob BigLayer => Image.Layers.MaxBy(l => l.Size)!;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(
            RegistryServer.StartAsync(new RegistryOptions()),
            RegistryServer.StartAsync(new RegistryOptions()));
        (Source, Target) = (started[0], started[1]);
        SourceProxy = await FaultProxy.StartAsync(Source);
        TargetProxy = await FaultProxy.StartAsync(Target);
        Image = await TestImages.CreateAsync(_temp.Combine("app"), "1", new TestImageSpec { LayerCount = 3, LayerSize = 600_000, Seed = 77 });
        await RegistrySeeder.PushWithHttpAsync(Image, Source, "app", "1");
    }

    /// <summary>
    /// A client through <paramref name="proxy"/>. Retries back off from 50 ms instead of 250 ms so bursts of
    /// 5xx cost little time; Retry-After is honoured as given.
    /// </summary>
    public static RegistryClient Client(FaultProxy proxy, TimeSpan? timeout = null) => new(new RegistryClientOptions
    {
        Registry = RegistryHost.Parse(proxy.Host),
        Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400) },
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    });

    public async Task DisposeAsync()
    {
        await SourceProxy.DisposeAsync();
        await TargetProxy.DisposeAsync();
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        _temp.Dispose();
    }
}
