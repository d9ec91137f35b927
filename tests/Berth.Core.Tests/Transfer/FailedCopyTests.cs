using Berth.Errors;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// A copy that fails part-way leaves no tag at the target: the source registry serves a layer whose
/// bytes were corrupted (or removed) on disk, under an image no other test uses.
/// </summary>
[Collection(TransferRegistries.Name)]
public sealed class FailedCopyTests(TransferWorld world)
{
    private async Task<OciLayoutImage> Seed(string repo, int seed)
    {
        using var scratch = new TempDirectory();
        var image = await TestImages.CreateAsync(scratch.Path, "t", new TestImageSpec { LayerSizes = [150_000, 1_500_000, 40_000], Seed = seed });
        await RegistrySeeder.PushWithSkopeoAsync(image, world.Source, repo, "1");
        return image;
    }

    /// <summary>The largest layer: the one a copy streams longest.</summary>
    private static string BigLayer(OciLayoutImage image) => image.BlobDigests.Skip(1).MaxBy(b => new FileInfo(image.BlobPath(b)).Length)!;

    [Fact]
    public async Task Corrupted_source_blob_fails_the_copy_and_leaves_neither_tag_nor_blob()
    {
        using var scratch = new TempDirectory();
        var image = await TestImages.CreateAsync(scratch.Path, "t", new TestImageSpec { LayerSizes = [150_000, 1_500_000, 40_000], Seed = 501 });
        await RegistrySeeder.PushWithSkopeoAsync(image, world.Source, "corrupt", "1");
        var layer = BigLayer(image);
        var path = world.Source.BlobDataPath(layer);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0xff; // same size, different content
        await File.WriteAllBytesAsync(path, bytes);

        using var from = world.Client(world.Source);
        using var to = world.Client(world.Target);
        var copier = new ImageCopier(new RegistryImageEndpoint(from, "corrupt", "1"), new RegistryImageEndpoint(to, "corrupt", "1"));
        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() => copier.CopyAsync());

        Assert.Contains(layer, ex.Message);
        Assert.Null(await to.HeadManifestAsync("corrupt", "1"));
        Assert.Null(await to.HeadBlobAsync("corrupt", Berth.References.Digest.Parse(layer)));

        // Into a layout: no index entry, no blob for the bad layer, no temporary files left over.
        var layout = scratch.Combine("out");
        using var target = new OciLayoutEndpoint(layout, "1");
        await Assert.ThrowsAsync<DigestMismatchException>(() => new ImageCopier(new RegistryImageEndpoint(from, "corrupt", "1"), target).CopyAsync());
        Assert.False(File.Exists(Path.Combine(layout, "index.json")));
        Assert.False(File.Exists(TestImages.BlobPath(layout, layer)));
        Assert.Empty(Directory.EnumerateFiles(layout, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Source_blob_deleted_before_it_is_read_fails_the_copy_without_a_tag()
    {
        var image = await Seed("vanished", 502);
        // Delete the smallest layer: the big ones are copied first, so this one fails late.
        var layer = image.BlobDigests.Skip(1).Last();
        File.Delete(world.Source.BlobDataPath(layer));

        using var from = world.Client(world.Source);
        using var to = world.Client(world.Target);
        var copier = new ImageCopier(new RegistryImageEndpoint(from, "vanished", "1"), new RegistryImageEndpoint(to, "vanished", "1"),
            new CopyOptions { Jobs = 1 });
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => copier.CopyAsync());

        Assert.True(ex is RegistryException or DigestMismatchException, ex.ToString());
        Assert.Null(await to.HeadManifestAsync("vanished", "1"));
    }
}
