using Berth.Distribution;
using Berth.References;
using Berth.Testing;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// Two real registries on loopback: <see cref="Source"/> seeded by skopeo from OCI layouts written by
/// <see cref="TestImages"/>, and an empty <see cref="Target"/>. Tests write to repositories of their own.
/// </summary>
public sealed class TransferWorld : IAsyncLifetime
{
    private readonly TempDirectory _scratch = new();

    public RegistryServer Source { get; private set; } = null!;

    public RegistryServer Target { get; private set; } = null!;

    /// <summary><c>app:1</c> and <c>app:2</c>: single-platform OCI images (app:2 shares two layers).</summary>
    public OciLayoutImage App { get; private set; } = null!;

    public OciLayoutImage App2 { get; private set; } = null!;

    /// <summary><c>multi:1</c>: an OCI index for linux/amd64 and linux/arm64/v8.</summary>
    public OciLayoutImage Multi { get; private set; } = null!;

    /// <summary>The digest of <c>dock:1</c>, a Docker schema 2 image skopeo converted and pushed.</summary>
    public string DockerDigest { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(RegistryServer.StartAsync(new RegistryOptions()), RegistryServer.StartAsync(new RegistryOptions()));
        (Source, Target) = (started[0], started[1]);
        var layout = _scratch.Combine("seed");
        // Same seed and sizes for the first two layers: app:2's layers are app:1's first two.
        App = await TestImages.CreateAsync(layout, "app1", new TestImageSpec { LayerSizes = [300_000, 100_000, 2_000_000], Seed = 7 });
        App2 = await TestImages.CreateAsync(layout, "app2", new TestImageSpec { LayerSizes = [300_000, 100_000], Seed = 7 });
        Multi = await TestImages.CreateMultiPlatformAsync(layout, "multi1", [TestPlatform.LinuxAmd64, TestPlatform.LinuxArm64V8],
            new TestImageSpec { LayerSizes = [200_000, 50_000], Seed = 3 });
        var pushes = await Task.WhenAll(
            RegistrySeeder.PushWithSkopeoAsync(App, Source, "app", "1"),
            RegistrySeeder.PushWithSkopeoAsync(App2, Source, "app", "2"),
            RegistrySeeder.PushWithSkopeoAsync(Multi, Source, "multi", "1"),
            RegistrySeeder.PushAsDockerSchema2WithSkopeoAsync(App, Source, "dock", "1"));
        DockerDigest = pushes[3];
    }

    public RegistryClient Client(RegistryServer registry) => new(new RegistryClientOptions { Registry = RegistryHost.Parse(registry.Host) });

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        _scratch.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TransferRegistries : ICollectionFixture<TransferWorld>
{
    public const string Name = "transfer registries";
}
