using Berth.Testing;

namespace Berth.Server.Tests;

/// <summary>
/// One htpasswd-protected Distribution registry for a test class, holding team/app:1.0 (two layers, labels, a
/// fixed created time) and team/app:2.0 and tools/cli:latest, pushed over plain HTTP.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string Username = "alice";

    /// <summary>Long and distinctive so a leak into any response body is unmistakable.</summary>
    public const string Password = "Pw-unique-7f3a9c1e-registry-secret";

    public static readonly DateTimeOffset Created = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["org.opencontainers.image.title"] = "berth test app",
        ["com.example.team"] = "platform",
    };

    private readonly TempDirectory _images = new("berth-server-images");

    public RegistryServer Registry { get; private set; } = null!;

    public string Digest10 { get; private set; } = "";

    public OciLayoutImage Image10 { get; private set; } = null!;

    public string Url => $"http://127.0.0.1:{Registry.Port}";

    public async Task InitializeAsync()
    {
        Registry = await RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = new Dictionary<string, string> { [Username] = Password } });
        var credentials = new RegistryCredentials(Username, Password);
        var v1 = await TestImages.CreateAsync(_images.CreateSubdirectory("v1"), "1.0", new TestImageSpec { LayerCount = 2, LayerSize = 2048, Labels = Labels, Created = Created, Seed = 11 });
        Image10 = v1;
        Digest10 = await RegistrySeeder.PushWithHttpAsync(v1, Registry, "team/app", "1.0", credentials);
        var v2 = await TestImages.CreateAsync(_images.CreateSubdirectory("v2"), "2.0", new TestImageSpec { Seed = 12 });
        await RegistrySeeder.PushWithHttpAsync(v2, Registry, "team/app", "2.0", credentials);
        var cli = await TestImages.CreateAsync(_images.CreateSubdirectory("cli"), "latest", new TestImageSpec { Seed = 13 });
        await RegistrySeeder.PushWithHttpAsync(cli, Registry, "tools/cli", "latest", credentials);
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        _images.Dispose();
    }
}
