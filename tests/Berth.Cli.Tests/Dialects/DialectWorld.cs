using Berth.Testing;

namespace Berth.Cli.Tests.Dialects;

/// <summary>
/// The real registry every dialect fake stands in front of, seeded once, and a second open registry to copy in from and
/// out to. Each test starts its own <see cref="Berth.Testing.Dialects.DialectServer"/> over <see cref="Registry"/>.
/// </summary>
public sealed class DialectWorld : IAsyncLifetime
{
    public const int ManyTags = 120;

    private readonly TempDirectory _temp = new("berth-dialects");

    /// <summary>Behind the dialects: <c>team/app</c>, <c>library/app</c>, <c>hubuser/app</c>, <c>public/app</c>, <c>octocat/app</c> at 1.0, and <c>team/many</c> with 120 tags.</summary>
    public RegistryServer Registry { get; private set; } = null!;

    /// <summary>A plain open registry: the other side of copies; <c>src/app:1.0</c>.</summary>
    public RegistryServer Outside { get; private set; } = null!;

    public OciLayoutImage Image { get; private set; } = null!;

    public string Digest => Image.Digest;

    public async Task InitializeAsync()
    {
        Image = await TestImages.CreateAsync(_temp.Combine("img"), "1.0", new TestImageSpec { LayerCount = 2, LayerSize = 20_000 });
        var servers = await Task.WhenAll(RegistryServer.StartAsync(new RegistryOptions()), RegistryServer.StartAsync(new RegistryOptions()));
        (Registry, Outside) = (servers[0], servers[1]);
        await Task.WhenAll(
            RegistrySeeder.PushWithHttpAsync(Image, Registry, "team/app"),
            RegistrySeeder.PushWithHttpAsync(Image, Registry, "library/app"),
            RegistrySeeder.PushWithHttpAsync(Image, Registry, "hubuser/app"),
            RegistrySeeder.PushWithHttpAsync(Image, Registry, "public/app"),
            RegistrySeeder.PushWithHttpAsync(Image, Registry, "octocat/app"),
            RegistrySeeder.PushWithHttpAsync(Image, Outside, "src/app"),
            RegistrySeeder.SeedTagsAsync(Registry, "team/many", ManyTags));
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Outside.DisposeAsync();
        _temp.Dispose();
    }
}
