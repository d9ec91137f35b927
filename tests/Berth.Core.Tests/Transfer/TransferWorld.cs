using Berth.Distribution;
using Berth.References;
using Berth.Testing.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// Two real registries on loopback: <see cref="Source"/> seeded by skopeo from OCI layouts built by
/// the tests' own builder, and an empty <see cref="Target"/>. Tests write to repositories of their own.
/// </summary>
public sealed class TransferWorld : IAsyncLifetime
{
    private readonly ScratchDirectory _scratch = new();

    public LocalRegistry Source { get; private set; } = null!;

    public LocalRegistry Target { get; private set; } = null!;

    /// <summary><c>app:1</c> and <c>app:2</c>: single-platform OCI images (app:2 shares two layers).</summary>
    public LayoutImage App { get; private set; } = null!;

    public LayoutImage App2 { get; private set; } = null!;

    /// <summary><c>multi:1</c>: an OCI index for linux/amd64 and linux/arm64/v8.</summary>
    public LayoutImage Multi { get; private set; } = null!;

    /// <summary>The digest of <c>dock:1</c>, a Docker schema 2 image skopeo converted and pushed.</summary>
    public string DockerDigest { get; private set; } = "";

    public string Scratch => _scratch.Path;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(LocalRegistry.StartAsync(), LocalRegistry.StartAsync());
        (Source, Target) = (started[0], started[1]);
        var layout = _scratch.Sub("seed");
        App = await ImageBuilder.CreateAsync(layout, "app1", [300_000, 100_000, 2_000_000], seed: 7);
        App2 = await ImageBuilder.CreateAsync(layout, "app2", [300_000, 100_000], seed: 7);
        Multi = await ImageBuilder.CreateMultiPlatformAsync(layout, "multi1", ["linux/amd64", "linux/arm64/v8"], [200_000, 50_000], seed: 3);
        await Task.WhenAll(
            SkopeoTool.CopyAsync($"oci:{layout}:app1", "docker://" + Source.Ref("app", "1")),
            SkopeoTool.CopyAsync($"oci:{layout}:app2", "docker://" + Source.Ref("app", "2")),
            SkopeoTool.CopyAsync($"oci:{layout}:multi1", "docker://" + Source.Ref("multi", "1"), "--all"),
            SkopeoTool.CopyAsync($"oci:{layout}:app1", "docker://" + Source.Ref("dock", "1"), "--format", "v2s2"));
        DockerDigest = await SkopeoTool.DigestAsync("docker://" + Source.Ref("dock", "1"));
    }

    public RegistryClient Client(LocalRegistry registry) => new(new RegistryClientOptions { Registry = RegistryHost.Parse(registry.Host) });

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
