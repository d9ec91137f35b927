using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Berth.Testing;

namespace Berth.Cli.Tests;

/// <summary>
/// Issue 14, finding 5, as a user meets it: <c>berth copy docker-archive:F oci:DIR</c> for an archive listing one
/// layer 300 times, run as a process with its own temporary directory.
/// </summary>
public sealed class DockerArchiveImportTests : IDisposable
{
    private readonly TempDirectory _scratch = new("berth-archive-cli");

    private string WriteArchive()
    {
        var layer = new byte[512 * 1024];
        new Random(14).NextBytes(layer);
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer));
        var config = Encoding.UTF8.GetBytes(
            """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[""" + string.Join(",", Enumerable.Repeat($"\"{diffId}\"", 300)) + "]}}");
        var configName = Convert.ToHexStringLower(SHA256.HashData(config)) + ".json";
        var manifest = Encoding.UTF8.GetBytes(
            """[{"Config":""" + "\"" + configName + "\"" + ""","RepoTags":["example.com/repeat:1"],"Layers":[""" + string.Join(",", Enumerable.Repeat("\"l/layer.tar\"", 300)) + "]}]");
        var archive = _scratch.Combine("repeat.tar");
        using var writer = new TarWriter(File.Create(archive), TarEntryFormat.Pax);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "l/layer.tar") { DataStream = new MemoryStream(layer) });
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, configName) { DataStream = new MemoryStream(config) });
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(manifest) });
        return archive;
    }

    [Fact]
    public async Task A_dry_run_import_writes_no_file_and_a_real_one_stores_the_layer_once()
    {
        var archive = WriteArchive();
        var temp = _scratch.CreateSubdirectory("tmp");
        var layout = _scratch.Combine("layout");
        var env = new Dictionary<string, string>
        {
            ["TMPDIR"] = temp,
            ["BERTH_HOME"] = _scratch.Combine("home"),
            // The runtime's diagnostics socket would otherwise appear in TMPDIR.
            ["DOTNET_EnableDiagnostics"] = "0",
        };

        // A dry run succeeds with TMPDIR naming a file, where nothing can be created (not even by root): it writes
        // nothing at all. The same TMPDIR stops a real import, which stages its compressed layer there.
        var notADirectory = _scratch.Combine("tmp-is-a-file");
        await File.WriteAllTextAsync(notADirectory, "");
        var blocked = new Dictionary<string, string>(env) { ["TMPDIR"] = notADirectory };
        var dry = await CliRunner.RunProcessAsync(CliRunner.Executable, null, blocked, "copy", "--dry-run", "docker-archive:" + archive, "oci:" + layout + ":1");
        Assert.True(dry.Code == 0, dry.Stdout + dry.Stderr);
        Assert.Contains("would copy 2 blobs", dry.Stdout, StringComparison.Ordinal);
        var stopped = await CliRunner.RunProcessAsync(CliRunner.Executable, null, blocked, "copy", "docker-archive:" + archive, "oci:" + layout + ":1");
        Assert.Equal(1, stopped.Code);

        Assert.Empty(Directory.GetFileSystemEntries(temp));
        Assert.False(Directory.Exists(layout));

        var real = await CliRunner.RunProcessAsync(CliRunner.Executable, null, env, "copy", "docker-archive:" + archive, "oci:" + layout + ":1");
        Assert.True(real.Code == 0, real.Stdout + real.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(temp));
        // The config, the one compressed layer and the manifest.
        Assert.Equal(3, Directory.GetFiles(Path.Combine(layout, "blobs", "sha256")).Length);
    }

    public void Dispose() => _scratch.Dispose();
}
