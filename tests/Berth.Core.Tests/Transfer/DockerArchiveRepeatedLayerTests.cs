using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// Issue 14, finding 5: an archive whose manifest.json lists one layer many times. Each distinct layer is
/// compressed and staged once, and a dry run writes no file at all.
/// </summary>
public sealed class DockerArchiveRepeatedLayerTests : IDisposable
{
    private const int Repeats = 300;
    private const int LayerBytes = 256 * 1024;
    private readonly TempDirectory _scratch = new("berth-repeat");

    /// <summary>A docker-archive with one random (incompressible) layer listed <see cref="Repeats"/> times.</summary>
    private (string Archive, byte[] Layer) WriteArchive()
    {
        var layer = new byte[LayerBytes];
        new Random(1405).NextBytes(layer);
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer));
        var config = Encoding.UTF8.GetBytes(
            """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[""" + string.Join(",", Enumerable.Repeat($"\"{diffId}\"", Repeats)) + "]}}");
        var configName = Convert.ToHexStringLower(SHA256.HashData(config)) + ".json";
        var manifest = Encoding.UTF8.GetBytes(
            """[{"Config":""" + "\"" + configName + "\"" + ""","RepoTags":["example.com/repeat:1"],"Layers":[""" + string.Join(",", Enumerable.Repeat("\"l/layer.tar\"", Repeats)) + "]}]");

        var archive = _scratch.Combine("repeat.tar");
        using (var writer = new TarWriter(File.Create(archive), TarEntryFormat.Pax))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "l/layer.tar") { DataStream = new MemoryStream(layer) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, configName) { DataStream = new MemoryStream(config) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(manifest) });
        }

        return (archive, layer);
    }

    private static string ExpectedLayerDigest(byte[] layer)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(layer);
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(compressed.ToArray()));
    }

    private static long SizeOf(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    [Fact]
    public async Task A_layer_listed_300_times_is_compressed_and_staged_once()
    {
        var (archive, layer) = WriteArchive();
        var work = _scratch.Combine("work");
        var layout = _scratch.Combine("layout");
        using var source = new DockerArchiveSource(archive, null, work);
        using var target = new OciLayoutEndpoint(layout, "1");

        var result = await new ImageCopier(source, target).CopyAsync();

        var manifest = await source.GetManifestAsync(null, default);
        Assert.Equal(Repeats, manifest.Image!.Layers.Count);
        Assert.All(manifest.Image.Layers, l => Assert.Equal(ExpectedLayerDigest(layer), l.Digest));
        Assert.Equal(2, result.BlobsCopied); // the config and the one layer

        // One staged file holding exactly one compressed layer (random bytes do not shrink), not 300 of them.
        Assert.Single(Directory.GetFiles(work));
        Assert.Equal(manifest.Image.Layers[0].Size, SizeOf(work));
        Assert.InRange(SizeOf(work), LayerBytes, LayerBytes * 11 / 10);

        source.Dispose();
        Assert.False(Directory.Exists(work));
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_finds_the_same_digests()
    {
        var (archive, layer) = WriteArchive();
        var work = _scratch.Combine("dry-work");
        var layout = _scratch.Combine("dry-layout");

        CopyResult dry;
        using (var source = new DockerArchiveSource(archive, null, work, stage: false))
        using (var target = new OciLayoutEndpoint(layout, "1"))
        {
            dry = await new ImageCopier(source, target, new CopyOptions { DryRun = true }).CopyAsync();
            Assert.False(Directory.Exists(work));
            Assert.False(Directory.Exists(layout));
        }

        using var real = new DockerArchiveSource(archive, null, _scratch.Combine("real-work"));
        var manifest = await real.GetManifestAsync(null, default);
        Assert.Equal(manifest.Digest, dry.ManifestDigest);
        Assert.Equal(ExpectedLayerDigest(layer), manifest.Image!.Layers[0].Digest);
    }

    [Fact]
    public async Task Without_staging_a_blob_opened_anyway_is_staged_then_and_reads_back_verified()
    {
        var (archive, layer) = WriteArchive();
        var work = _scratch.Combine("lazy-work");
        using var source = new DockerArchiveSource(archive, null, work, stage: false);
        var manifest = await source.GetManifestAsync(null, default);
        Assert.False(Directory.Exists(work));

        for (var i = 0; i < 2; i++)
        {
            await using var blob = await source.OpenBlobAsync(manifest.Image!.Layers[i], default);
            await using var gunzip = new GZipStream(blob, CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gunzip.CopyToAsync(plain);
            Assert.Equal(layer, plain.ToArray());
        }

        Assert.Single(Directory.GetFiles(work));
    }

    public void Dispose() => _scratch.Dispose();
}
