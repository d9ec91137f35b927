using Berth.Distribution;
using Berth.References;
using Berth.Testing;

namespace Berth.Core.Tests.Transfer.Sync;

/// <summary>
/// A source registry holding <c>team/app</c> (tags 1.0.0, 1.2.0, 2.0.0, latest = 2.0.0, nightly = 1.0.0) and
/// <c>team/tool</c> (v1), an empty target registry, and a pass-through <see cref="FaultProxy"/> in front of each
/// that records the requests a sync makes (and can inject faults).
/// </summary>
public sealed class SyncWorld : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("berth-sync");

    public RegistryServer Source { get; private set; } = null!;

    public RegistryServer Target { get; private set; } = null!;

    public FaultProxy SourceProxy { get; private set; } = null!;

    public FaultProxy TargetProxy { get; private set; } = null!;

    /// <summary>Images by tag of <c>team/app</c>.</summary>
    public IReadOnlyDictionary<string, OciLayoutImage> App { get; private set; } = null!;

    public OciLayoutImage Tool { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(RegistryServer.StartAsync(new RegistryOptions()), RegistryServer.StartAsync(new RegistryOptions()));
        (Source, Target) = (started[0], started[1]);
        SourceProxy = await FaultProxy.StartAsync(Source);
        TargetProxy = await FaultProxy.StartAsync(Target);
        var v1 = await TestImages.CreateAsync(_temp.Combine("v1"), "1.0.0", new TestImageSpec { LayerCount = 2, LayerSize = 20_000, Seed = 11 });
        var v12 = await TestImages.CreateAsync(_temp.Combine("v12"), "1.2.0", new TestImageSpec { LayerCount = 2, LayerSize = 20_000, Seed = 12 });
        var v2 = await TestImages.CreateAsync(_temp.Combine("v2"), "2.0.0", new TestImageSpec { LayerCount = 1, LayerSize = 30_000, Seed = 13 });
        Tool = await TestImages.CreateAsync(_temp.Combine("tool"), "v1", new TestImageSpec { LayerCount = 1, LayerSize = 10_000, Seed = 14 });
        App = new Dictionary<string, OciLayoutImage> { ["1.0.0"] = v1, ["1.2.0"] = v12, ["2.0.0"] = v2, ["latest"] = v2, ["nightly"] = v1 };
        foreach (var (tag, image) in App)
        {
            await RegistrySeeder.PushWithHttpAsync(image, Source, "team/app", tag);
        }

        await RegistrySeeder.PushWithHttpAsync(Tool, Source, "team/tool", "v1");
    }

    public static RegistryClient Client(FaultProxy proxy) => new(new RegistryClientOptions { Registry = RegistryHost.Parse(proxy.Host) });

    public async Task DisposeAsync()
    {
        await SourceProxy.DisposeAsync();
        await TargetProxy.DisposeAsync();
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        _temp.Dispose();
    }
}
