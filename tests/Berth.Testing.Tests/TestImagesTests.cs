using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Testing.Tests;

public sealed class TestImagesTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1000)]
    [InlineData(3, 70_000)]
    public async Task Layout_holds_gzip_tar_layers_with_matching_digests_and_diff_ids(int layerCount, long layerSize)
    {
        using var dir = new TempDirectory();
        var spec = new TestImageSpec
        {
            LayerCount = layerCount,
            LayerSize = layerSize,
            Labels = new Dictionary<string, string> { ["org.example.team"] = "berth" },
            Created = new DateTimeOffset(2023, 5, 6, 7, 8, 9, TimeSpan.Zero),
        };
        var image = await TestImages.CreateAsync(dir.Path, "v1", spec);

        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", await File.ReadAllTextAsync(dir.Combine("oci-layout")));
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(dir.Combine("index.json")));
        var entry = index.RootElement.GetProperty("manifests").EnumerateArray().Single();
        Assert.Equal(image.Digest, entry.GetProperty("digest").GetString());
        Assert.Equal("v1", entry.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        Assert.Equal(TestImages.ManifestMediaType, entry.GetProperty("mediaType").GetString());

        var manifestBytes = await File.ReadAllBytesAsync(image.BlobPath(image.Digest));
        Assert.Equal(image.Digest, Digest(manifestBytes));
        using var manifest = JsonDocument.Parse(manifestBytes);
        Assert.Equal(2, manifest.RootElement.GetProperty("schemaVersion").GetInt32());
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(layerCount, layers.Count);

        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        using var config = JsonDocument.Parse(await File.ReadAllBytesAsync(image.BlobPath(configDigest)));
        Assert.Equal("amd64", config.RootElement.GetProperty("architecture").GetString());
        Assert.Equal("linux", config.RootElement.GetProperty("os").GetString());
        Assert.Equal("2023-05-06T07:08:09Z", config.RootElement.GetProperty("created").GetString());
        Assert.Equal("berth", config.RootElement.GetProperty("config").GetProperty("Labels").GetProperty("org.example.team").GetString());
        Assert.Equal(layerCount, config.RootElement.GetProperty("history").GetArrayLength());
        var diffIds = config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()).ToList();

        long total = manifestBytes.Length + new FileInfo(image.BlobPath(configDigest)).Length;
        for (var i = 0; i < layerCount; i++)
        {
            var descriptor = layers[i];
            Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", descriptor.GetProperty("mediaType").GetString());
            var blob = await File.ReadAllBytesAsync(image.BlobPath(descriptor.GetProperty("digest").GetString()!));
            Assert.Equal(descriptor.GetProperty("size").GetInt64(), blob.Length);
            Assert.Equal(descriptor.GetProperty("digest").GetString(), Digest(blob));
            total += blob.Length;

            using var tar = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(tar);
            }
            Assert.Equal(diffIds[i], Digest(tar.ToArray()));
            Assert.Equal(image.Layers[i].DiffId, diffIds[i]);
            tar.Position = 0;
            using var reader = new TarReader(tar);
            var file = reader.GetNextEntry()!;
            Assert.Equal(TarEntryType.RegularFile, file.EntryType);
            Assert.Equal(layerSize, file.Length);
            Assert.Null(reader.GetNextEntry());
        }
        Assert.Equal(total, image.TotalSize);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_digest_and_another_seed_does_not()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var spec = new TestImageSpec { LayerCount = 2, LayerSize = 4096, Seed = 7 };
        var first = await TestImages.CreateAsync(a.Path, "x", spec);
        var again = await TestImages.CreateAsync(b.Path, "x", spec);
        var other = await TestImages.CreateAsync(b.Path, "y", spec with { Seed = 8 });
        Assert.Equal(first.Digest, again.Digest);
        Assert.NotEqual(first.Digest, other.Digest);
        Assert.NotEqual(first.Layers[0].Digest, first.Layers[1].Digest);

        // Two tags share the layout; re-creating a tag replaces its entry.
        await TestImages.CreateAsync(b.Path, "x", spec with { Seed = 9 });
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(b.Combine("index.json")));
        var tags = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString()).Order().ToList();
        Assert.Equal(["x", "y"], tags);
    }

    [Fact]
    public async Task Multi_platform_image_is_an_oci_index_of_platform_manifests()
    {
        using var dir = new TempDirectory();
        var image = await TestImages.CreateMultiPlatformAsync(dir.Path, "multi",
            [TestPlatform.LinuxAmd64, TestPlatform.LinuxArm64V8, TestPlatform.Parse("linux/arm/v7")],
            new TestImageSpec { LayerSize = 512 });

        Assert.Equal(TestImages.IndexMediaType, image.MediaType);
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(image.BlobPath(image.Digest)));
        var platforms = index.RootElement.GetProperty("manifests").EnumerateArray().Select(m =>
        {
            var p = m.GetProperty("platform");
            return $"{p.GetProperty("os").GetString()}/{p.GetProperty("architecture").GetString()}" +
                   (p.TryGetProperty("variant", out var v) ? "/" + v.GetString() : "");
        }).ToList();
        Assert.Equal(["linux/amd64", "linux/arm64/v8", "linux/arm/v7"], platforms);
        Assert.Equal(3, image.Manifests.Count);
        Assert.Equal(3, image.Manifests.Select(m => m.Layers[0].Digest).Distinct().Count());

        using var arm = JsonDocument.Parse(await File.ReadAllBytesAsync(image.BlobPath(image.Manifests[1].Config!.Digest)));
        Assert.Equal("arm64", arm.RootElement.GetProperty("architecture").GetString());
        Assert.Equal("v8", arm.RootElement.GetProperty("variant").GetString());
    }

    [Fact]
    public async Task Layer_sizes_give_each_layer_its_own_size_and_blob_digests_list_config_then_layers()
    {
        using var dir = new TempDirectory();
        var image = await TestImages.CreateAsync(dir.Path, "sized", new TestImageSpec { LayerSizes = [5000, 200, 70_000], LayerCount = 9, Seed = 3 });
        var fewer = await TestImages.CreateAsync(dir.Path, "fewer", new TestImageSpec { LayerSizes = [5000, 200], Seed = 3 });

        var fileSizes = new List<long>();
        foreach (var layer in image.Layers)
        {
            using var tar = new MemoryStream();
            using (var gzip = new GZipStream(File.OpenRead(image.BlobPath(layer.Digest)), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(tar);
            }
            tar.Position = 0;
            using var reader = new TarReader(tar);
            fileSizes.Add(reader.GetNextEntry()!.Length);
        }
        Assert.Equal([5000L, 200L, 70_000L], fileSizes);
        // Same seed, same leading sizes: the shorter image reuses the first layers.
        Assert.Equal(image.Layers.Take(2).Select(l => l.Digest), fewer.Layers.Select(l => l.Digest));

        string[] expected = [image.Config!.Digest, .. image.Layers.Select(l => l.Digest)];
        Assert.Equal(expected, image.BlobDigests);

        var multi = await TestImages.CreateMultiPlatformAsync(dir.Path, "multi", [TestPlatform.LinuxAmd64, TestPlatform.LinuxArm64V8], new TestImageSpec { LayerSizes = [100, 300] });
        Assert.Equal(multi.Manifests.SelectMany(m => m.BlobDigests), multi.BlobDigests);
        Assert.Equal(6, multi.BlobDigests.Distinct().Count());
        Assert.Same(multi.Manifests[1], multi.ForPlatform("linux/arm64/v8"));
        Assert.Same(multi.Manifests[0], multi.ForPlatform("linux/amd64"));
        Assert.Throws<InvalidOperationException>(() => multi.ForPlatform("linux/arm64"));
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
