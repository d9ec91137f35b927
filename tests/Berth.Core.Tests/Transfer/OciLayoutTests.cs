using System.Text.Json;
using Berth.Errors;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>Pull into an OCI image layout and push back out of it; skopeo reads what Berth writes and vice versa.</summary>
[Collection(TransferRegistries.Name)]
public sealed class OciLayoutTests(TransferWorld world)
{
    private static JsonElement[] Entries(string layout)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        return [.. doc.RootElement.GetProperty("manifests").EnumerateArray().Select(e => e.Clone())];
    }

    private static string? RefName(JsonElement entry) =>
        entry.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var n) ? n.GetString() : null;

    [Fact]
    public async Task Pull_writes_the_layout_skopeo_writes_and_push_restores_the_same_digest()
    {
        using var scratch = new TempDirectory();
        var berth = scratch.Combine("berth");
        var skopeo = scratch.Combine("skopeo");
        using var from = world.Client(world.Source);
        using (var layout = new OciLayoutEndpoint(berth, "v1"))
        {
            await new ImageCopier(new RegistryImageEndpoint(from, "multi", "1"), layout).CopyAsync();
        }

        await Skopeo.CopyAsync("docker://" + world.Source.Reference("multi", "1"), $"oci:{skopeo}:v1", extraArgs: ["--all"]);

        // Same entry (digest, media type, ref name) in index.json, and the same set of blob files.
        var mine = Assert.Single(Entries(berth));
        var theirs = Assert.Single(Entries(skopeo));
        Assert.Equal(theirs.GetProperty("digest").GetString(), mine.GetProperty("digest").GetString());
        Assert.Equal(world.Multi.Digest, mine.GetProperty("digest").GetString());
        Assert.Equal(theirs.GetProperty("mediaType").GetString(), mine.GetProperty("mediaType").GetString());
        Assert.Equal("v1", RefName(mine));
        static string[] Blobs(string dir) => [.. Directory.EnumerateFiles(Path.Combine(dir, "blobs", "sha256")).Select(Path.GetFileName).Order()!];
        Assert.Equal(Blobs(skopeo), Blobs(berth));
        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", File.ReadAllText(Path.Combine(berth, "oci-layout")));

        // skopeo reads Berth's layout.
        Assert.Equal(world.Multi.Digest, await Skopeo.InspectRawDigestAsync($"oci:{berth}:v1"));
        await Skopeo.CopyAsync($"oci:{berth}:v1", "docker://" + world.Target.Reference("from-berth-layout", "v1"), extraArgs: ["--all"]);
        Assert.Equal(world.Multi.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("from-berth-layout", "v1")));

        // Berth pushes skopeo's layout back out, digest unchanged.
        using var to = world.Client(world.Target);
        using var source = new OciLayoutEndpoint(skopeo, "v1");
        var pushed = await new ImageCopier(source, new RegistryImageEndpoint(to, "pushed", "v1")).CopyAsync();
        Assert.Equal(world.Multi.Digest, pushed.ManifestDigest?.Value);
        Assert.Equal(world.Multi.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("pushed", "v1")));
    }

    [Fact]
    public async Task Several_tags_share_one_layout_and_retagging_replaces_the_entry()
    {
        using var scratch = new TempDirectory();
        using var from = world.Client(world.Source);
        using var layout = new OciLayoutEndpoint(scratch.Path, null);
        var result = await new ImageCopier(new RegistryImageEndpoint(from, "app", null), layout, new CopyOptions { AllTags = true }).CopyAsync();
        Assert.Equal(2, result.Images.Count);
        // Shared layers are stored once and skipped the second time.
        Assert.Equal(2, result.BlobsSkipped);

        using (var retag = new OciLayoutEndpoint(scratch.Path, "1"))
        {
            await new ImageCopier(new RegistryImageEndpoint(from, "app", "2"), retag).CopyAsync();
        }

        var entries = Entries(scratch.Path);
        Assert.Equal(["1", "2"], entries.Select(RefName).Order());
        Assert.All(entries, e => Assert.Equal(world.App2.Digest, e.GetProperty("digest").GetString()));
        Assert.Equal(world.App2.Digest, await Skopeo.InspectRawDigestAsync($"oci:{scratch.Path}:1"));
    }

    [Fact]
    public async Task A_layout_source_without_the_tag_says_which_tags_it_has()
    {
        using var scratch = new TempDirectory();
        await TestImages.CreateAsync(scratch.Path, "a", new TestImageSpec { LayerSize = 1000, Seed = 11 });
        await TestImages.CreateAsync(scratch.Path, "b", new TestImageSpec { LayerSize = 1000, Seed = 12 });
        using var to = world.Client(world.Target);

        using var missing = new OciLayoutEndpoint(scratch.Path, "c");
        var ex = await Assert.ThrowsAsync<ImageNotFoundException>(() =>
            new ImageCopier(missing, new RegistryImageEndpoint(to, "x", "1")).CopyAsync());
        Assert.Contains("'c'", ex.Message);
        Assert.Contains("a, b", ex.Message);

        using var ambiguous = new OciLayoutEndpoint(scratch.Path, null);
        var ex2 = await Assert.ThrowsAsync<TransferException>(() =>
            new ImageCopier(ambiguous, new RegistryImageEndpoint(to, "x", "1")).CopyAsync());
        Assert.Contains("holds 2 images", ex2.Message);

        using var notLayout = new OciLayoutEndpoint(scratch.Combine("nothing"), null);
        var ex3 = await Assert.ThrowsAsync<TransferException>(() =>
            new ImageCopier(notLayout, new RegistryImageEndpoint(to, "x", "1")).CopyAsync());
        Assert.Contains("index.json is missing", ex3.Message);
    }

    [Fact]
    public async Task A_tampered_layout_blob_is_caught_before_it_reaches_the_registry()
    {
        using var scratch = new TempDirectory();
        var image = await TestImages.CreateAsync(scratch.Path, "t", new TestImageSpec { LayerSize = 200_000, Seed = 21 });
        var layer = image.BlobDigests[1];
        var path = TestImages.BlobPath(scratch.Path, layer);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^10] ^= 1;
        await File.WriteAllBytesAsync(path, bytes);

        using var to = world.Client(world.Target);
        using var source = new OciLayoutEndpoint(scratch.Path, "t");
        await Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ImageCopier(source, new RegistryImageEndpoint(to, "tampered", "t")).CopyAsync());
        Assert.Null(await to.HeadManifestAsync("tampered", "t"));
        Assert.Null(await to.HeadBlobAsync("tampered", Berth.References.Digest.Parse(layer)));
    }
}
