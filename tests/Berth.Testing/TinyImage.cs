namespace Berth.Testing;

/// <summary>A one-layer image of a few bytes, built once per process and kept in memory for bulk seeding.</summary>
internal sealed class TinyImage
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TinyImage? instance;

    private TinyImage(OciLayoutImage image)
    {
        Digest = image.Digest;
        ManifestBytes = image.ManifestBytes;
        Config = image.Config!;
        Layer = image.Layers[0];
        ConfigBytes = File.ReadAllBytes(image.BlobPath(Config.Digest));
        LayerBytes = File.ReadAllBytes(image.BlobPath(Layer.Digest));
    }

    public string Digest { get; }

    public byte[] ManifestBytes { get; }

    public OciBlob Config { get; }

    public OciBlob Layer { get; }

    public byte[] ConfigBytes { get; }

    public byte[] LayerBytes { get; }

    public static async Task<TinyImage> GetAsync(CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (instance is null)
            {
                using var directory = new TempDirectory("berth-tiny-image");
                var image = await TestImages.CreateAsync(directory.Path, "tiny", new TestImageSpec { LayerSize = 64, Seed = 424242 }, ct);
                instance = new TinyImage(image);
            }
            return instance;
        }
        finally
        {
            Gate.Release();
        }
    }
}
