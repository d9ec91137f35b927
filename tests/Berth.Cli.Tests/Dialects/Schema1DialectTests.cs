using System.Security.Cryptography;
using System.Text.Json;
using Berth.Testing.Dialects;

namespace Berth.Cli.Tests.Dialects;

/// <summary>
/// Docker schema 1 manifests served as a registry that still holds them does (Distribution 2.8 refuses schema 1
/// pushes, so they come from a dialect): signed ones re-signed on every GET, unsigned ones as they are.
/// </summary>
public sealed class Schema1DialectTests(DialectWorld world) : IClassFixture<DialectWorld>
{
    [Fact]
    public async Task Inspect_reads_signed_and_unsigned_schema1_by_their_payload_digest_and_copy_refuses_them_clearly()
    {
        await using var legacy = await DialectServer.StartAsync(world.Registry, new DialectProfile { Name = "schema1", Schema1Repository = "team/legacy" });
        using var cli = new DialectCli();
        var payloadDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(legacy.Schema1SignedPayload));

        var first = await cli.RunAsync("inspect", $"{legacy.Host}/team/legacy:signed", "--output", "json");
        Assert.True(first.Code == 0, first.Stderr);
        var second = await cli.RunAsync("inspect", $"{legacy.Host}/team/legacy:signed", "--output", "json");
        Assert.True(second.Code == 0, second.Stderr);
        Assert.Equal(payloadDigest, JsonDocument.Parse(first.Stdout).RootElement.GetProperty("digest").GetString());
        Assert.Equal(payloadDigest, JsonDocument.Parse(second.Stdout).RootElement.GetProperty("digest").GetString());

        var byDigest = await cli.RunAsync("inspect", $"{legacy.Host}/team/legacy@{payloadDigest}");
        Assert.True(byDigest.Code == 0, byDigest.Stderr);

        var unsigned = await cli.RunAsync("inspect", $"{legacy.Host}/team/legacy:unsigned", "--output", "json");
        Assert.True(unsigned.Code == 0, unsigned.Stderr);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(legacy.Schema1Unsigned)),
            JsonDocument.Parse(unsigned.Stdout).RootElement.GetProperty("digest").GetString());

        var copy = await cli.RunAsync("copy", $"{legacy.Host}/team/legacy:signed", $"{world.Outside.Host}/out/legacy:1.0");
        Assert.Equal(1, copy.Code);
        Assert.Contains("Berth does not copy schema 1 images", copy.Stderr, StringComparison.Ordinal);
        Assert.Contains("skopeo copy --format v2s2", copy.Stderr, StringComparison.Ordinal);
        cli.Save("schema1");
    }
}
