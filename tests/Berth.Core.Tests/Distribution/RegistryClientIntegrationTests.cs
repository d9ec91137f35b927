using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Auth;
using Berth.Content;
using Berth.Distribution;
using Berth.Errors;
using Berth.References;
using Berth.Testing;

namespace Berth.Core.Tests.Distribution;

/// <summary>The distribution client against real Distribution registries, with skopeo as the reference client.</summary>
public sealed class RegistryClientIntegrationTests(RealRegistryFixture world) : IClassFixture<RealRegistryFixture>
{
    private static RegistryClient Client(RegistryServer server, RegistryCredential? credential = null, string? caPem = null,
        ITokenCache? cache = null, bool insecure = false, int? pageSize = null, string? host = null) =>
        new(new RegistryClientOptions
        {
            Registry = RegistryHost.Parse(host ?? server.Host),
            Credentials = new StaticCredentialProvider(credential ?? RegistryCredential.Anonymous),
            CaCertificatesPem = caPem,
            TokenCache = cache ?? new MemoryTokenCache(),
            Insecure = insecure,
            PageSize = pageSize,
        });

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task<byte[]> ReadAll(Stream stream)
    {
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    [Fact]
    public async Task Reads_a_skopeo_pushed_image_with_identical_digests_and_sizes()
    {
        using var client = Client(world.Open);
        var manifest = await client.GetManifestAsync("team/app", "v1");

        Assert.Equal(world.SingleImage.Digest, manifest.Digest.Value);
        Assert.Equal(world.SingleImage.ManifestBytes, manifest.Bytes.ToArray());
        Assert.Equal(ManifestKind.Image, manifest.Kind);
        Assert.Equal(world.SingleImage.Config!.Digest, manifest.Image!.Config.Digest);
        Assert.Equal(world.SingleImage.Layers.Select(l => (l.Digest, l.Size)), manifest.Image.Layers.Select(l => (l.Digest, l.Size)));

        foreach (var layer in manifest.Image.Layers)
        {
            var bytes = await ReadAll(await client.GetBlobAsync("team/app", Digest.Parse(layer.Digest), layer.Size));
            Assert.Equal(layer.Size, bytes.Length);
            Assert.Equal(layer.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        var head = await client.HeadManifestAsync("team/app", "v1");
        Assert.Equal(world.SingleImage.Digest, head!.Digest.Value);
        Assert.Equal(world.SingleImage.ManifestSize, head.Size);
        Assert.Equal(world.SingleImage.Layers[0].Size, await client.HeadBlobAsync("team/app", Digest.Parse(world.SingleImage.Layers[0].Digest)));
        Assert.Null(await client.HeadManifestAsync("team/app", "missing"));
    }

    [Fact]
    public async Task Reads_a_skopeo_pushed_index_and_each_platform_manifest()
    {
        using var client = Client(world.Open);
        var index = await client.GetManifestAsync("team/multi", "v1");

        Assert.Equal(world.MultiImage.Digest, index.Digest.Value);
        Assert.Equal(ManifestKind.Index, index.Kind);
        Assert.Equal(world.MultiImage.Manifests.Select(m => m.Digest), index.Index!.Manifests.Select(m => m.Digest));
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], index.Index.Manifests.Select(m => m.Platform!.ToString()));
        foreach (var child in index.Index.Manifests)
        {
            var image = await client.GetManifestAsync("team/multi", child.Digest);
            Assert.Equal(child.Digest, image.Digest.Value);
            Assert.Equal(child.Size, image.Size);
        }
    }

    [Fact]
    public async Task Berth_pushed_image_is_accepted_by_skopeo_inspect_and_copy()
    {
        using var client = Client(world.Open);
        var layers = new List<Descriptor>();
        var random = new Random(42);
        for (var i = 0; i < 2; i++)
        {
            var bytes = new byte[200_000 + i];
            random.NextBytes(bytes);
            var digest = Digest.Sha256(bytes);
            // One monolithic upload, one chunked upload.
            await client.UploadBlobAsync("berth/pushed", digest, bytes.Length, new MemoryStream(bytes),
                new BlobUploadOptions { ChunkSize = i == 0 ? null : 64 * 1024 });
            layers.Add(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = digest.Value, Size = bytes.Length });
        }

        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layers[0].Digest + "\",\"" + layers[1].Digest + "\"]},\"config\":{}}");
        var configDigest = Digest.Sha256(config);
        await client.UploadBlobAsync("berth/pushed", configDigest, config.Length, new MemoryStream(config));
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.Value, Size = config.Length },
            Layers = layers,
        }, ContentConfigJson.ImageManifest);
        var stored = await client.PutManifestAsync("berth/pushed", "1.0", manifest, MediaTypes.OciManifest);

        Assert.Equal(Digest.Sha256(manifest), stored);
        var skopeoDigest = await Skopeo.InspectRawDigestAsync($"docker://{world.Open.Host}/berth/pushed:1.0");
        Assert.Equal(stored.Value, skopeoDigest);
        using var target = new TempDirectory("berth-skopeo-copy");
        await Skopeo.CopyAsync($"docker://{world.Open.Host}/berth/pushed:1.0", $"oci:{target.Path}:1.0", extraArgs: ["--preserve-digests"]);
        var copied = Directory.GetFiles(Path.Combine(target.Path, "blobs", "sha256")).Select(f => "sha256:" + Path.GetFileName(f)).ToList();
        Assert.Contains(layers[1].Digest, copied);
        Assert.Contains(stored.Value, copied);
    }

    [Fact]
    public async Task Interrupted_chunked_upload_resumes_from_the_registry_offset()
    {
        using var client = Client(world.Open);
        var bytes = RandomNumberGenerator.GetBytes(150_000);
        var digest = Digest.Sha256(bytes);
        var content = new MemoryStream(bytes);

        var upload = await client.StartUploadAsync("berth/resume");
        upload = await client.PatchChunkAsync(upload, content, 50_000);
        // The client "loses" its state: ask the registry where the upload stands and continue from there.
        var status = await client.GetUploadStatusAsync(upload with { Offset = 0 });
        Assert.Equal(50_000, status.Offset);
        content.Seek(status.Offset, SeekOrigin.Begin);
        status = await client.PatchChunkAsync(status, content, 100_000);
        await client.CompleteUploadAsync(status, digest, null, 0);

        Assert.Equal(bytes.Length, await client.HeadBlobAsync("berth/resume", digest));
    }

    [Fact]
    public async Task Cross_repository_mount_and_deletes()
    {
        using var client = Client(world.Open);
        var layer = Digest.Parse(world.SingleImage.Layers[1].Digest);
        Assert.Null(await client.HeadBlobAsync("berth/mounted", layer));

        Assert.True(await client.MountBlobAsync("berth/mounted", layer, "team/app"));
        Assert.Equal(world.SingleImage.Layers[1].Size, await client.HeadBlobAsync("berth/mounted", layer));
        Assert.False(await client.MountBlobAsync("berth/mounted", Digest.Sha256([9, 9, 9]), "team/app"));

        var manifest = await client.GetManifestAsync("team/app", "v1");
        foreach (var blob in manifest.Image!.Layers.Append(manifest.Image.Config))
        {
            Assert.True(await client.MountBlobAsync("berth/mounted", Digest.Parse(blob.Digest), "team/app"));
        }

        await client.PutManifestAsync("berth/mounted", "temp", manifest.Bytes, manifest.MediaType);
        await client.DeleteManifestAsync("berth/mounted", manifest.Digest);
        Assert.Null(await client.HeadManifestAsync("berth/mounted", manifest.Digest.Value));
        await client.DeleteBlobAsync("berth/mounted", layer);
        Assert.Null(await client.HeadBlobAsync("berth/mounted", layer));
    }

    [Fact]
    public async Task Htpasswd_registry_accepts_right_password_and_names_401_for_wrong_one()
    {
        using (var good = Client(world.Htpasswd, RegistryCredential.Basic("alice", "alice-pw-1234")))
        {
            Assert.Equal(["v1"], await Collect(good.ListTagsAsync("team/app")));
            var ping = await good.PingAsync();
            Assert.True(ping.Authenticated);
            Assert.True(ping.Challenge!.IsBasic);
            Assert.Equal("registry/2.0", ping.ApiVersion);
        }

        using var bad = Client(world.Htpasswd, RegistryCredential.Basic("alice", "wrong-password-xyz"));
        var ex = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Collect(bad.ListTagsAsync("team/app")));
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains(world.Htpasswd.Host, ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UNAUTHORIZED", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-xyz", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_auth_reader_can_pull_but_not_push_and_tokens_are_cached_per_scope()
    {
        var cache = new MemoryTokenCache();
        using var reader = Client(world.Token, RegistryCredential.Basic(RealRegistryFixture.Reader, RealRegistryFixture.ReaderPassword), cache: cache);
        var before = world.Issuer.TokenRequests;

        var manifest = await reader.GetManifestAsync("team/app", "v1");
        Assert.Equal(world.SingleImage.Digest, manifest.Digest.Value);
        await reader.GetManifestAsync("team/app", "v1");
        await Collect(reader.ListTagsAsync("team/app"));
        // One token for repository:team/app:pull, reused for the next two requests.
        Assert.Equal(before + 1, world.Issuer.TokenRequests);

        var denied = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => reader.StartUploadAsync("team/app"));
        Assert.True(denied.HasCode(RegistryErrorCodes.Denied) || denied.HasCode(RegistryErrorCodes.Unauthorized), denied.Message);

        using var writer = Client(world.Token, RegistryCredential.Basic(RealRegistryFixture.Writer, RealRegistryFixture.WriterPassword));
        var upload = await writer.StartUploadAsync("team/app");
        await writer.CancelUploadAsync(upload);
        Assert.Contains("team/app", await Collect(writer.ListRepositoriesAsync()));
    }

    [Fact]
    public async Task Token_auth_with_wrong_password_names_the_token_service_refusal()
    {
        using var client = Client(world.Token, RegistryCredential.Basic(RealRegistryFixture.Reader, "nope-nope-nope"));
        var ex = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.GetManifestAsync("team/app", "v1"));
        Assert.Contains(world.Token.Host, ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nope-nope-nope", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_registry_needs_its_ca_or_insecure()
    {
        using (var trusted = Client(world.Tls, caPem: world.Tls.CertificateAuthority!.CaCertificatePem))
        {
            Assert.Equal(world.SingleImage.Digest, (await trusted.GetManifestAsync("team/app", "v1")).Digest.Value);
        }

        using (var insecure = Client(world.Tls, insecure: true))
        {
            Assert.Equal(["v1"], await Collect(insecure.ListTagsAsync("team/app")));
        }

        // Not loopback by name: no fallback to http, so the TLS failure is what the user sees.
        using var untrusted = Client(world.Tls, host: world.Tls.Host.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<RegistryUnreachableException>(() => untrusted.GetManifestAsync("team/app", "v1"));
        Assert.Contains("TLS", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--ca-file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_manifest_and_repository_report_registry_codes()
    {
        using var client = Client(world.Open);
        var manifest = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("team/app", "nope"));
        Assert.True(manifest.HasCode(RegistryErrorCodes.ManifestUnknown));
        Assert.Contains("MANIFEST_UNKNOWN", manifest.Message, StringComparison.Ordinal);

        var repo = await Assert.ThrowsAsync<RegistryException>(() => Collect(client.ListTagsAsync("no/such/repo")));
        Assert.True(repo.HasCode(RegistryErrorCodes.NameUnknown));
        Assert.Equal(HttpStatusCode.NotFound, repo.StatusCode);
    }

    [Fact]
    public async Task Connection_refused_is_named()
    {
        var port = PortAllocator.GetFreePort();
        using var client = new RegistryClient(new RegistryClientOptions { Registry = RegistryHost.Parse($"127.0.0.1:{port}") });
        var ex = await Assert.ThrowsAsync<RegistryUnreachableException>(() => client.PingAsync());
        Assert.Equal($"cannot reach registry 127.0.0.1:{port}: connection refused", ex.Message);
    }
}
