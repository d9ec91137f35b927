using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Content;
using Berth.Errors;
using Berth.References;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>docker-archive export and import, checked file for file against skopeo's <c>docker-archive:</c> transport.</summary>
[Collection(TransferRegistries.Name)]
public sealed class DockerArchiveTests(TransferWorld world)
{
    /// <summary>Regular files of a tar: name → sha256 of the data.</summary>
    private static Dictionary<string, string> Files(string tar)
    {
        var files = new Dictionary<string, string>();
        using var reader = new TarReader(File.OpenRead(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                files[entry.Name] = Convert.ToHexStringLower(SHA256.HashData(data));
            }
        }

        return files;
    }

    private static byte[] Read(string tar, string name)
    {
        using var reader = new TarReader(File.OpenRead(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == name)
            {
                using var buffer = new MemoryStream();
                entry.DataStream!.CopyTo(buffer);
                return buffer.ToArray();
            }
        }

        throw new FileNotFoundException(name);
    }

    private async Task Export(string repo, string tag, string file, ImageReference? name, CopyOptions? options = null)
    {
        using var from = world.Client(world.Source);
        using var target = new DockerArchiveTarget(file, name);
        await new ImageCopier(new RegistryImageEndpoint(from, repo, tag), target, options).CopyAsync();
    }

    [Fact]
    public async Task Export_writes_the_files_and_manifest_json_skopeo_writes()
    {
        using var scratch = new TempDirectory();
        var berth = scratch.Combine("berth.tar");
        var skopeo = scratch.Combine("skopeo.tar");
        var name = world.Source.Reference("app", "1");
        await Export("app", "1", berth, ImageReference.Parse(name));
        await Skopeo.CopyAsync("docker://" + name, $"docker-archive:{skopeo}:{name}");

        var mine = Files(berth);
        var theirs = Files(skopeo);
        // skopeo adds legacy per-layer directories (json, VERSION) and a repositories file; the rest must match exactly.
        Assert.NotEmpty(mine);
        foreach (var (file, hash) in mine)
        {
            Assert.True(theirs.TryGetValue(file, out var other), $"skopeo's archive has no {file}");
            Assert.Equal(other, hash);
        }

        Assert.Equal(1 + 1 + 3, mine.Count); // manifest.json, config, three layers
        Assert.Equal(world.App.BlobDigests[0]["sha256:".Length..] + ".json",
            JsonDocument.Parse(Read(berth, "manifest.json")).RootElement[0].GetProperty("Config").GetString());

        // skopeo reads Berth's archive and lands on the same config (image id).
        await Skopeo.CopyAsync($"docker-archive:{berth}", "docker://" + world.Target.Reference("from-berth-archive", "1"));
        using var to = world.Client(world.Target);
        var pushed = await to.GetManifestAsync("from-berth-archive", "1");
        Assert.Equal(world.App.BlobDigests[0], pushed.Image!.Config.Digest);
    }

    [Fact]
    public async Task Import_of_a_skopeo_archive_keeps_the_config_and_every_layer_decompresses_to_its_diff_id()
    {
        using var scratch = new TempDirectory();
        var archive = scratch.Combine("skopeo.tar");
        await Skopeo.CopyAsync("docker://" + world.Source.Reference("app", "1"), $"docker-archive:{archive}:app:1");
        using var to = world.Client(world.Target);

        CopyResult result;
        using (var source = new DockerArchiveSource(archive, "app:1"))
        {
            result = await new ImageCopier(source, new RegistryImageEndpoint(to, "imported", "1")).CopyAsync();
        }

        var manifest = await to.GetManifestAsync("imported", "1");
        Assert.Equal(result.ManifestDigest, manifest.Digest);
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(world.App.BlobDigests[0], manifest.Image!.Config.Digest);
        Assert.Equal(3, manifest.Image.Layers.Count);

        // The registry's layers are gzip streams whose contents are the config's diff IDs, in order.
        var configBytes = await ReadBlob(to, "imported", manifest.Image.Config);
        var diffIds = JsonDocument.Parse(configBytes).RootElement.GetProperty("rootfs").GetProperty("diff_ids")
            .EnumerateArray().Select(d => d.GetString()).ToList();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(MediaTypes.DockerLayer, manifest.Image.Layers[i].MediaType);
            var compressed = await ReadBlob(to, "imported", manifest.Image.Layers[i]);
            using var gunzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            Assert.Equal(diffIds[i], "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(gunzip)));
        }

        // skopeo's own import lands on the same config; skopeo can read Berth's import.
        await Skopeo.CopyAsync($"docker-archive:{archive}", "docker://" + world.Target.Reference("imported-skopeo", "1"));
        var theirs = await to.GetManifestAsync("imported-skopeo", "1");
        Assert.Equal(manifest.Image.Config.Digest, theirs.Image!.Config.Digest);
        await Skopeo.CopyAsync("docker://" + world.Target.Reference("imported", "1"), $"oci:{scratch.Combine("check")}:x");

        // Compression is deterministic: importing again finds the tag up to date.
        using var again = new DockerArchiveSource(archive, null);
        var second = await new ImageCopier(again, new RegistryImageEndpoint(to, "imported", "1")).CopyAsync();
        Assert.True(second.Images[0].UpToDate);
    }

    [Fact]
    public async Task Berth_reads_its_own_archive_back_by_name_or_position()
    {
        using var scratch = new TempDirectory();
        var file = scratch.Combine("a.tar");
        await Export("app", "2", file, ImageReference.Parse("example.com/team/app:2"));

        foreach (var reference in new[] { "example.com/team/app:2", "@0", null })
        {
            using var source = new DockerArchiveSource(file, reference);
            var manifest = await source.GetManifestAsync(null, default);
            Assert.Equal(world.App2.BlobDigests[0], manifest.Image!.Config.Digest);
        }

        using var wrong = new DockerArchiveSource(file, "example.com/team/app:3");
        var ex = await Assert.ThrowsAsync<ImageNotFoundException>(() => wrong.GetManifestAsync(null, default));
        Assert.Contains("example.com/team/app:2", ex.Message);
        using var outOfRange = new DockerArchiveSource(file, "@1");
        await Assert.ThrowsAsync<ImageNotFoundException>(() => outOfRange.GetManifestAsync(null, default));
    }

    [Theory]
    [InlineData(null, "linux/amd64")]
    [InlineData("linux/arm64", "linux/arm64/v8")]
    public async Task A_multi_platform_image_is_exported_as_one_platform(string? platform, string expected)
    {
        using var scratch = new TempDirectory();
        var file = scratch.Combine("m.tar");
        await Export("multi", "1", file, null, new CopyOptions { Platform = platform is null ? null : Platform.Parse(platform) });

        using var from = world.Client(world.Source);
        var child = await from.GetManifestAsync("multi", world.Multi.ForPlatform(expected).Digest);
        var entry = JsonDocument.Parse(Read(file, "manifest.json")).RootElement[0];
        Assert.Equal(child.Image!.Config.Digest["sha256:".Length..] + ".json", entry.GetProperty("Config").GetString());
        Assert.Equal(0, entry.GetProperty("RepoTags").GetArrayLength());
    }

    [Fact]
    public async Task A_layer_that_does_not_match_its_diff_id_stops_the_import_before_any_tag()
    {
        using var scratch = new TempDirectory();
        var good = scratch.Combine("good.tar");
        await Export("app", "2", good, null);
        // Rewrite the archive with one byte of the first layer flipped.
        var bad = scratch.Combine("bad.tar");
        using (var reader = new TarReader(File.OpenRead(good)))
        using (var writer = new TarWriter(File.Create(bad), TarEntryFormat.Pax))
        {
            var flipped = false;
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                if (!flipped && entry.Name.EndsWith(".tar", StringComparison.Ordinal))
                {
                    var data = new MemoryStream();
                    entry.DataStream!.CopyTo(data);
                    var bytes = data.ToArray();
                    bytes[600] ^= 0x20;
                    entry.DataStream = new MemoryStream(bytes);
                    flipped = true;
                }

                writer.WriteEntry(entry);
            }
        }

        using var to = world.Client(world.Target);
        using var source = new DockerArchiveSource(bad, null);
        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            new ImageCopier(source, new RegistryImageEndpoint(to, "bad-archive", "1")).CopyAsync());
        Assert.Contains("diff ID", ex.Message);
        Assert.Null(await to.HeadManifestAsync("bad-archive", "1"));
    }

    [Fact]
    public async Task Archives_that_are_not_docker_archives_are_named_as_such()
    {
        using var scratch = new TempDirectory();
        var gz = scratch.Combine("x.tar.gz");
        await File.WriteAllBytesAsync(gz, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
        using var compressed = new DockerArchiveSource(gz, null);
        var ex = await Assert.ThrowsAsync<TransferException>(() => compressed.GetManifestAsync(null, default));
        Assert.Contains("gunzip", ex.Message);

        var plain = scratch.Combine("plain.tar");
        using (var writer = new TarWriter(File.Create(plain)))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream([1, 2, 3]) });
        }

        using var notArchive = new DockerArchiveSource(plain, null);
        var ex2 = await Assert.ThrowsAsync<TransferException>(() => notArchive.GetManifestAsync(null, default));
        Assert.Contains("no manifest.json", ex2.Message);
    }

    private static async Task<byte[]> ReadBlob(Berth.Distribution.RegistryClient client, string repo, Descriptor blob)
    {
        await using var stream = await client.GetBlobAsync(repo, Digest.Parse(blob.Digest), blob.Size);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
