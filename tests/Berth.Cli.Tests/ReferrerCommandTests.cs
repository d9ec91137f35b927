using System.Net;
using System.Text.Json;
using Berth.Cli;
using Berth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Cli.Tests;

/// <summary>
/// <c>berth referrers</c>, <c>copy --referrers</c>, <c>inspect</c> of artifacts and attestations, and docker-archive's refusals,
/// in-process against real registries; referrers written by the tests the way signing tools write them.
/// </summary>
public sealed class ReferrerCommandTests(TransferCliWorld world) : IClassFixture<TransferCliWorld>
{
    private const string Sbom = "application/spdx+json";
    private const string Signature = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static readonly IPAddress Metadata = IPAddress.Parse("169.254.169.254");

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<(string Image, PushedReferrer Sbom, PushedReferrer SbomSignature, PushedReferrer Cosign)> SignAsync(string repository)
    {
        var image = await RegistrySeeder.PushWithSkopeoAsync(world.App, world.Source, repository, "1");
        var size = world.App.ManifestBytes.Length;
        var sbom = await ReferrerSeeder.AttachAsync(world.Source.BaseUri, repository, image, TestImages.ManifestMediaType, size, Sbom, "{\"spdxVersion\":\"SPDX-2.3\"}",
            ReferrerStyle.FallbackTag, new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-11-30T00:00:00Z" });
        var signature = await ReferrerSeeder.AttachAsync(world.Source.BaseUri, repository, sbom.Digest, sbom.MediaType, sbom.Size, Signature, "{\"signed\":\"sbom\"}",
            ReferrerStyle.FallbackTag);
        var cosign = await ReferrerSeeder.AttachAsync(world.Source.BaseUri, repository, image, TestImages.ManifestMediaType, size, "", "{\"critical\":{}}",
            ReferrerStyle.CosignSignature);
        return (image, sbom, signature, cosign);
    }

    [Fact]
    public async Task Referrers_lists_a_signed_image_recursively_in_text_and_json()
    {
        var signed = await SignAsync("cli-signed");

        var (code, stdout, stderr) = await Run("referrers", world.Source.Reference("cli-signed", "1"));
        Assert.True(code == 0, stderr);
        Assert.Contains(signed.Image, stdout, StringComparison.Ordinal);
        Assert.Contains("fallback tag (the registry has no referrers API)", stdout, StringComparison.Ordinal);
        Assert.Contains(signed.Sbom.Digest + "  ", stdout, StringComparison.Ordinal);
        Assert.Contains("└ " + signed.SbomSignature.Digest, stdout, StringComparison.Ordinal);
        Assert.Contains("cosign-tag sha256-" + signed.Image[7..] + ".sig", stdout, StringComparison.Ordinal);
        Assert.Contains("org.opencontainers.image.created=2026-11-30T00:00:00Z", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await Run("referrers", world.Source.Reference("cli-signed", "1"), "--output", "json");
        Assert.True(code == 0, stderr);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(signed.Image, report.GetProperty("digest").GetString());
        Assert.False(report.GetProperty("referrersApi").GetBoolean());
        Assert.Equal(3, report.GetProperty("count").GetInt32());
        var sbom = report.GetProperty("referrers")[0];
        Assert.Equal(signed.Sbom.Digest, sbom.GetProperty("digest").GetString());
        Assert.Equal(Sbom, sbom.GetProperty("artifactType").GetString());
        Assert.Equal(signed.Sbom.Size, sbom.GetProperty("size").GetInt64());
        Assert.Equal("fallback-tag", sbom.GetProperty("foundVia").GetString());
        Assert.Equal(signed.SbomSignature.Digest, sbom.GetProperty("referrers")[0].GetProperty("digest").GetString());
        Assert.Equal("cosign-tag", report.GetProperty("referrers")[1].GetProperty("foundVia").GetString());

        (code, stdout, _) = await Run("referrers", world.Source.Reference("cli-signed", "1"), "--artifact-type", Signature, "--output", "json");
        Assert.Equal(0, code);
        Assert.Equal(0, JsonDocument.Parse(stdout).RootElement.GetProperty("referrers").GetArrayLength());
    }

    [Fact]
    public async Task Copy_with_referrers_to_an_empty_registry_writes_the_fallback_tag_skopeo_reads_and_counts_them()
    {
        var signed = await SignAsync("cli-copy");

        var (code, stdout, stderr) = await Run("copy", "--referrers", world.Source.Reference("cli-copy", "1"), world.Target.Reference("cli-copy", "1"), "--output", "json");

        Assert.True(code == 0, stderr);
        var summary = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal(3, summary.GetProperty("referrersCopied").GetInt32());
        Assert.Equal(2, summary.GetProperty("fallbackIndexesWritten").GetInt32());
        var raw = await Skopeo.InspectAsync("docker://" + world.Target.Reference("cli-copy", "sha256-" + signed.Image[7..]), raw: true);
        var index = JsonDocument.Parse(raw).RootElement;
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.GetProperty("mediaType").GetString());
        var entry = Assert.Single(index.GetProperty("manifests").EnumerateArray());
        Assert.Equal(signed.Sbom.Digest, entry.GetProperty("digest").GetString());
        Assert.Equal(Sbom, entry.GetProperty("artifactType").GetString());
        Assert.Equal("2026-11-30T00:00:00Z", entry.GetProperty("annotations").GetProperty("org.opencontainers.image.created").GetString());
        Assert.Equal(signed.Cosign.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("cli-copy", signed.Cosign.Tag)));

        // Again: everything is there, nothing is copied or rewritten.
        (code, stdout, stderr) = await Run("copy", "--referrers", world.Source.Reference("cli-copy", "1"), world.Target.Reference("cli-copy", "1"), "--output", "json");
        Assert.True(code == 0, stderr);
        summary = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal((0, 0, 0), (summary.GetProperty("referrersCopied").GetInt32(), summary.GetProperty("fallbackIndexesWritten").GetInt32(),
            summary.GetProperty("manifestsWritten").GetInt32()));

        // The text summary says how many referrers travelled.
        (code, stdout, stderr) = await Run("copy", "--referrers", world.Source.Reference("cli-copy", "1"), world.Target.Reference("cli-copy-text", "1"));
        Assert.True(code == 0, stderr);
        Assert.Contains("copied 3 referrers; fallback tag indexes written: 2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_shows_an_artifacts_type_config_subject_and_annotations_and_attestations_as_their_platforms()
    {
        var signed = await SignAsync("cli-inspect");

        var (code, stdout, stderr) = await Run("inspect", world.Source.Reference("cli-inspect", signed.Sbom.Digest), "--output", "json");
        Assert.True(code == 0, stderr);
        var sbom = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(Sbom, sbom.GetProperty("artifactType").GetString());
        Assert.Equal(ReferrerSeeder.EmptyConfigMediaType, sbom.GetProperty("configMediaType").GetString());
        Assert.Equal(signed.Image, sbom.GetProperty("subject").GetProperty("digest").GetString());
        Assert.Equal("2026-11-30T00:00:00Z", sbom.GetProperty("annotations").GetProperty("org.opencontainers.image.created").GetString());

        var (index, attestation) = await ReferrerSeeder.PushAttestedIndexAsync(world.Source.BaseUri, "cli-inspect", "attested", signed.Image,
            TestImages.ManifestMediaType, world.App.ManifestBytes.Length);
        (code, stdout, stderr) = await Run("inspect", world.Source.Reference("cli-inspect", "attested"), "--output", "json");
        Assert.True(code == 0, stderr);
        var platforms = JsonDocument.Parse(stdout).RootElement.GetProperty("platforms");
        var last = platforms[1];
        Assert.Equal(attestation, last.GetProperty("digest").GetString());
        Assert.Equal("linux", last.GetProperty("os").GetString());
        Assert.Equal("amd64", last.GetProperty("architecture").GetString());
        Assert.Equal(signed.Image, last.GetProperty("attestationOf").GetString());

        (code, stdout, _) = await Run("inspect", world.Source.Reference("cli-inspect", "attested"));
        Assert.Equal(0, code);
        Assert.Contains("attestation of linux/amd64", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown/unknown", stdout, StringComparison.Ordinal);
        Assert.Contains(index, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Artifacts_into_a_docker_archive_are_refused_and_no_file_is_left()
    {
        var signed = await SignAsync("cli-archive");
        using var scratch = new TempDirectory();

        foreach (var (digest, says) in new[] { (signed.Sbom.Digest, "an artifact of type " + Sbom), (signed.Cosign.Digest, "not a filesystem layer") })
        {
            var archive = scratch.Combine("artifact.tar");
            var (code, _, stderr) = await Run("copy", world.Source.Reference("cli-archive", digest), "docker-archive:" + archive);

            Assert.Equal(1, code);
            Assert.Contains(says, stderr, StringComparison.Ordinal);
            Assert.Contains("a docker-archive holds container images only", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("was not written before the manifest", stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
        }
    }

    [Fact]
    public async Task Foreign_layer_is_fetched_from_its_URL_verified_and_written_into_the_docker_archive()
    {
        using var scratch = new TempDirectory();
        await using var server = await LayerUrlServer.StartAsync();
        var image = await ForeignLayerImage.CreateAsync(scratch.Combine("layout"), "1", [server.MissingUrl, server.LayerUrl]);
        server.FilePath = image.ForeignLayerPath;
        var archive = scratch.Combine("image.tar");

        var (code, _, stderr) = await Run("copy", image.OciReference, "docker-archive:" + archive);

        Assert.True(code == 0, stderr);
        Assert.Equal(1, server.Hits);
        // skopeo reads it back as the same image: two layers, the second being the foreign one, decompressed and verified.
        var inspected = JsonDocument.Parse(await Skopeo.InspectAsync("docker-archive:" + archive)).RootElement;
        Assert.Equal(2, inspected.GetProperty("Layers").GetArrayLength());
        await Skopeo.CopyAsync("docker-archive:" + archive, $"oci:{scratch.Combine("back")}:x");
    }

    [Fact]
    public async Task Foreign_layer_without_a_URL_or_whose_URL_fails_is_refused_clearly_and_no_file_is_left()
    {
        using var scratch = new TempDirectory();
        var none = await ForeignLayerImage.CreateAsync(scratch.Combine("none"), "1", []);
        var (code, _, stderr) = await Run("copy", none.OciReference, "docker-archive:" + scratch.Combine("none.tar"));
        Assert.Equal(1, code);
        Assert.Contains($"layer {none.ForeignLayerDigest} is a foreign (non-distributable) layer with no URL", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(scratch.Combine("none.tar")));

        var closed = PortAllocator.GetFreePort();
        var broken = await ForeignLayerImage.CreateAsync(scratch.Combine("broken"), "1", [$"http://127.0.0.1:{closed}/layer"]);
        (code, _, stderr) = await Run("copy", broken.OciReference, "docker-archive:" + scratch.Combine("broken.tar"));
        Assert.Equal(1, code);
        Assert.Contains($"foreign layer {broken.ForeignLayerDigest} could not be fetched from any of its URLs (http://127.0.0.1:{closed}/layer:", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(scratch.Combine("broken.tar")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(scratch.Path), e => e.EndsWith(".tmp", StringComparison.Ordinal) || e.Contains(".berth-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Foreign_layer_at_a_metadata_address_is_refused_inside_an_isolated_network()
    {
        using var scratch = new TempDirectory();
        var image = await ForeignLayerImage.CreateAsync(scratch.Combine("layout"), "1", ["http://169.254.169.254/latest/meta-data/layer"]);
        await using var network = await IsolatedNetwork.StartAsync([Metadata]);
        var trapped = 0;
        await using var trap = await IsolatedWebServer.StartAsync(network, [new IPEndPoint(Metadata, 80)], app => app.Run(context =>
        {
            Interlocked.Increment(ref trapped);
            return context.Response.WriteAsync("trapped");
        }));

        var result = await network.RunAsync(CliRunner.Executable, ["--data-dir", scratch.Combine("data"), "copy", image.OciReference, "docker-archive:" + scratch.Combine("out.tar")]);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("169.254.169.254", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(image.ForeignLayerDigest, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, trapped);
        Assert.Empty(trap.Requests);
        Assert.False(File.Exists(scratch.Combine("out.tar")));
    }
}
