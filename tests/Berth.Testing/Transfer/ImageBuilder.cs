using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Testing.Transfer;

/// <summary>
/// Builds small real images (gzip'd tar layers holding random files, configs with correct diff IDs)
/// into an OCI image layout, written with plain JSON so the test data does not depend on Berth.
/// </summary>
public static class ImageBuilder
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>A single-platform image with layers of the given uncompressed payload sizes.</summary>
    public static async Task<LayoutImage> CreateAsync(string layout, string tag, int[] layerSizes, string platform = "linux/amd64",
        bool docker = false, int seed = 1)
    {
        var (digest, size, blobs) = await WriteImageAsync(layout, layerSizes, platform, docker, seed);
        var mediaType = docker ? DockerManifest : OciManifest;
        await AddToIndexAsync(layout, tag, digest, size, mediaType);
        return new LayoutImage(digest, mediaType, blobs, new Dictionary<string, string>());
    }

    /// <summary>An OCI index with one image per platform.</summary>
    public static async Task<LayoutImage> CreateMultiPlatformAsync(string layout, string tag, string[] platforms, int[] layerSizes, int seed = 1)
    {
        var manifests = new JsonArray();
        var blobs = new List<string>();
        var children = new Dictionary<string, string>();
        for (var i = 0; i < platforms.Length; i++)
        {
            var (digest, size, imageBlobs) = await WriteImageAsync(layout, layerSizes, platforms[i], false, seed * 100 + i);
            blobs.AddRange(imageBlobs);
            children[platforms[i]] = digest;
            var parts = platforms[i].Split('/');
            var platform = new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0] };
            if (parts.Length > 2)
            {
                platform["variant"] = parts[2];
            }

            manifests.Add(new JsonObject { ["mediaType"] = OciManifest, ["digest"] = digest, ["size"] = size, ["platform"] = platform });
        }

        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = OciIndex, ["manifests"] = manifests };
        var (indexDigest, indexSize) = await WriteBlobAsync(layout, Encoding.UTF8.GetBytes(index.ToJsonString()));
        await AddToIndexAsync(layout, tag, indexDigest, indexSize, OciIndex);
        return new LayoutImage(indexDigest, OciIndex, blobs, children);
    }

    public static string BlobPath(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);

    public static string Sha256(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    private static async Task<(string Digest, long Size, List<string> Blobs)> WriteImageAsync(string layout, int[] layerSizes, string platform,
        bool docker, int seed)
    {
        var random = new Random(seed);
        var layers = new JsonArray();
        var diffIds = new JsonArray();
        var blobs = new List<string>();
        for (var i = 0; i < layerSizes.Length; i++)
        {
            var payload = new byte[layerSizes[i]];
            random.NextBytes(payload);
            var tar = MakeTar($"layer{i}/data.bin", payload);
            diffIds.Add(Sha256(tar));
            var gz = Gzip(tar);
            var (digest, size) = await WriteBlobAsync(layout, gz);
            blobs.Add(digest);
            layers.Add(new JsonObject
            {
                ["mediaType"] = docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip",
                ["digest"] = digest,
                ["size"] = size,
            });
        }

        var parts = platform.Split('/');
        var config = new JsonObject
        {
            ["architecture"] = parts[1],
            ["os"] = parts[0],
            ["created"] = "2024-05-01T12:00:00Z",
            ["config"] = new JsonObject { ["Labels"] = new JsonObject { ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        };
        if (parts.Length > 2)
        {
            config["variant"] = parts[2];
        }

        var (configDigest, configSize) = await WriteBlobAsync(layout, Encoding.UTF8.GetBytes(config.ToJsonString()));
        blobs.Insert(0, configDigest);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = docker ? DockerManifest : OciManifest,
            ["config"] = new JsonObject
            {
                ["mediaType"] = docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json",
                ["digest"] = configDigest,
                ["size"] = configSize,
            },
            ["layers"] = layers,
        };
        var (manifestDigest, manifestSize) = await WriteBlobAsync(layout, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        return (manifestDigest, manifestSize, blobs);
    }

    private static byte[] MakeTar(string name, byte[] payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(payload),
                ModificationTime = DateTimeOffset.UnixEpoch,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }

        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    private static async Task<(string Digest, long Size)> WriteBlobAsync(string layout, byte[] bytes)
    {
        var digest = Sha256(bytes);
        var path = BlobPath(layout, digest);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        return (digest, bytes.Length);
    }

    private static async Task AddToIndexAsync(string layout, string tag, string digest, long size, string mediaType)
    {
        Directory.CreateDirectory(layout);
        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var indexPath = Path.Combine(layout, "index.json");
        var index = File.Exists(indexPath)
            ? JsonNode.Parse(await File.ReadAllTextAsync(indexPath))!.AsObject()
            : new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray() };
        index["manifests"]!.AsArray().Add(new JsonObject
        {
            ["mediaType"] = mediaType,
            ["digest"] = digest,
            ["size"] = size,
            ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag },
        });
        await File.WriteAllTextAsync(indexPath, index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
