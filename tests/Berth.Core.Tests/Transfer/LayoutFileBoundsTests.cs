using System.Diagnostics;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// Files of an OCI layout or a docker-archive are read by counting bytes, never by trusting their reported length, and
/// only when they are regular files: /dev/zero reports length 0 and never ends; a FIFO blocks whoever opens it.
/// </summary>
public sealed class LayoutFileBoundsTests
{
    private static async Task MkfifoAsync(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static string Layout(TempDirectory directory)
    {
        var layout = Path.Combine(directory.Path, "layout");
        Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return layout;
    }

    [Fact(Timeout = 30_000)]
    public async Task An_index_json_that_is_dev_zero_is_refused_as_a_character_device()
    {
        using var directory = new TempDirectory();
        var layout = Layout(directory);
        File.CreateSymbolicLink(Path.Combine(layout, "index.json"), "/dev/zero");
        using var endpoint = new OciLayoutEndpoint(layout, null);

        var error = await Assert.ThrowsAsync<TransferException>(() => endpoint.GetManifestAsync(null, default));

        Assert.Equal($"{layout}/index.json is a character device, not a regular file; oci:{layout} must be an OCI layout directory of regular files (index.json, blobs/…)", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_index_json_that_is_a_fifo_is_refused_without_blocking()
    {
        using var directory = new TempDirectory();
        var layout = Layout(directory);
        await MkfifoAsync(Path.Combine(layout, "index.json"));
        using var endpoint = new OciLayoutEndpoint(layout, null);

        var error = await Assert.ThrowsAsync<TransferException>(async () =>
        {
            await foreach (var _ in endpoint.ListTagsAsync(default))
            {
            }
        });

        Assert.Contains("index.json is a FIFO (named pipe), not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_json_over_its_limit_is_refused_naming_the_limit()
    {
        using var directory = new TempDirectory();
        var layout = Layout(directory);
        await File.WriteAllTextAsync(Path.Combine(layout, "index.json"), "{\"schemaVersion\":2,\"manifests\":[]," + new string(' ', 17 * 1024 * 1024) + "}");
        using var endpoint = new OciLayoutEndpoint(layout, null);

        var error = await Assert.ThrowsAsync<TransferException>(() => endpoint.GetManifestAsync(null, default));

        Assert.Equal($"{layout}/index.json is larger than the 16 MiB limit for an image index; the layout is damaged or is not an OCI layout", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_manifest_blob_that_is_dev_zero_is_refused()
    {
        using var directory = new TempDirectory();
        var layout = Layout(directory);
        var digest = "sha256:" + new string('a', 64);
        await File.WriteAllTextAsync(Path.Combine(layout, "index.json"),
            $"{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{digest}\",\"size\":100}}]}}");
        File.CreateSymbolicLink(Path.Combine(layout, "blobs", "sha256", new string('a', 64)), "/dev/zero");
        using var endpoint = new OciLayoutEndpoint(layout, null);

        var error = await Assert.ThrowsAsync<TransferException>(() => endpoint.GetManifestAsync(null, default));

        Assert.Contains("is a character device, not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_docker_archive_that_is_a_fifo_is_refused_without_blocking()
    {
        using var directory = new TempDirectory();
        var archive = Path.Combine(directory.Path, "image.tar");
        await MkfifoAsync(archive);
        using var source = new DockerArchiveSource(archive, null, Path.Combine(directory.Path, "work"));

        var error = await Assert.ThrowsAsync<TransferException>(() => source.GetManifestAsync(null, default));

        Assert.StartsWith($"{archive} is a FIFO (named pipe), not a regular file; a docker-archive must be a tar file", error.Message, StringComparison.Ordinal);
    }
}
