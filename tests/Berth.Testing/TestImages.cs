using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Testing;

/// <summary>
/// Writes OCI image layouts (image-spec v1.0 layout: <c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/</c>)
/// without docker or network: each layer is a gzip tar holding one file of pseudo-random bytes, the config
/// carries <c>rootfs.diff_ids</c> and <c>history</c>, and <c>index.json</c> names the image by tag. Several
/// tags can share one layout directory.
/// </summary>
public static class TestImages
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    public const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private static readonly SemaphoreSlim IndexLock = new(1, 1);

    /// <summary>Writes a single-platform image tagged <paramref name="tag"/> into the layout at <paramref name="directory"/>.</summary>
    public static async Task<OciLayoutImage> CreateAsync(string directory, string tag, TestImageSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        EnsureLayout(directory);
        var image = await WriteImageAsync(directory, tag, spec, spec.Seed, ct);
        await AddToIndexAsync(directory, tag, image.MediaType, image.Digest, image.ManifestSize, ct);
        return image;
    }

    /// <summary>
    /// Writes an OCI image index tagged <paramref name="tag"/> with one image per platform (each with its own layers,
    /// seeded from <see cref="TestImageSpec.Seed"/> and the platform's position).
    /// </summary>
    public static async Task<OciLayoutImage> CreateMultiPlatformAsync(string directory, string tag, IReadOnlyList<TestPlatform> platforms, TestImageSpec? spec = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        if (platforms.Count == 0)
        {
            throw new ArgumentException("A multi-platform image needs at least one platform.", nameof(platforms));
        }
        spec ??= new TestImageSpec();
        EnsureLayout(directory);
        var children = new List<OciLayoutImage>();
        var entries = new JsonArray();
        for (var i = 0; i < platforms.Count; i++)
        {
            var platform = platforms[i];
            var child = await WriteImageAsync(directory, "", spec.For(platform), unchecked((spec.Seed * 1_000_003) + i + 1), ct);
            children.Add(child);
            var platformJson = new JsonObject { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
            if (platform.Variant is not null)
            {
                platformJson["variant"] = platform.Variant;
            }
            entries.Add(new JsonObject
            {
                ["mediaType"] = ManifestMediaType,
                ["digest"] = child.Digest,
                ["size"] = child.ManifestSize,
                ["platform"] = platformJson,
            });
        }
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = IndexMediaType, ["manifests"] = entries };
        var bytes = Encoding.UTF8.GetBytes(index.ToJsonString());
        var digest = await WriteBlobAsync(directory, bytes, ct);
        await AddToIndexAsync(directory, tag, IndexMediaType, digest, bytes.Length, ct);
        return new OciLayoutImage
        {
            Directory = directory,
            Tag = tag,
            Digest = digest,
            MediaType = IndexMediaType,
            ManifestBytes = bytes,
            Layers = [.. children.SelectMany(c => c.Layers)],
            Manifests = children,
        };
    }

    /// <summary>Path of <paramref name="digest"/>'s blob in the layout at <paramref name="directory"/>.</summary>
    public static string BlobPath(string directory, string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return Path.Combine(directory, "blobs", digest[..colon], digest[(colon + 1)..]);
    }

    /// <summary><c>sha256:</c> + lowercase hex of the SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Digest(ReadOnlySpan<byte> bytes) =>
        "sha256:" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static void EnsureLayout(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        var layoutFile = Path.Combine(directory, "oci-layout");
        if (!File.Exists(layoutFile))
        {
            File.WriteAllText(layoutFile, "{\"imageLayoutVersion\":\"1.0.0\"}");
        }
    }

    private static async Task<OciLayoutImage> WriteImageAsync(string directory, string tag, TestImageSpec spec, int seed, CancellationToken ct)
    {
        var sizes = spec.EffectiveLayerSizes;
        var layers = new List<OciBlob>();
        for (var i = 0; i < sizes.Count; i++)
        {
            layers.Add(await WriteLayerAsync(directory, spec, sizes[i], unchecked((seed * 7919) + i), i, ct));
        }

        var created = spec.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var labels = new JsonObject();
        foreach (var (key, value) in spec.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            labels[key] = value;
        }
        var history = new JsonArray();
        for (var i = 0; i < layers.Count; i++)
        {
            history.Add(new JsonObject { ["created"] = created, ["created_by"] = $"berth-test layer {i} ({sizes[i]} bytes)" });
        }
        var config = new JsonObject
        {
            ["created"] = created,
            ["architecture"] = spec.Architecture,
            ["os"] = spec.Os,
        };
        if (spec.Variant is not null)
        {
            config["variant"] = spec.Variant;
        }
        config["config"] = new JsonObject { ["Labels"] = labels };
        config["rootfs"] = new JsonObject
        {
            ["type"] = "layers",
            ["diff_ids"] = new JsonArray([.. layers.Select(l => (JsonNode)JsonValue.Create(l.DiffId!))]),
        };
        config["history"] = history;
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configBlob = new OciBlob(ConfigMediaType, await WriteBlobAsync(directory, configBytes, ct), configBytes.Length);

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["config"] = Descriptor(configBlob),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)Descriptor(l))]),
        };
        if (spec.Annotations is { Count: > 0 })
        {
            var annotations = new JsonObject();
            foreach (var (key, value) in spec.Annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                annotations[key] = value;
            }
            manifest["annotations"] = annotations;
        }
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        return new OciLayoutImage
        {
            Directory = directory,
            Tag = tag,
            Digest = await WriteBlobAsync(directory, manifestBytes, ct),
            MediaType = ManifestMediaType,
            ManifestBytes = manifestBytes,
            Config = configBlob,
            Layers = layers,
            Platform = spec.Platform,
        };
    }

    private static JsonObject Descriptor(OciBlob blob) =>
        new() { ["mediaType"] = blob.MediaType, ["digest"] = blob.Digest, ["size"] = blob.Size };

    private static async Task<OciBlob> WriteLayerAsync(string directory, TestImageSpec spec, long size, int seed, int index, CancellationToken ct)
    {
        var temp = Path.Combine(directory, "blobs", $".layer-{Guid.NewGuid():N}.tmp");
        string compressedDigest;
        string diffId;
        long compressedSize;
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await using var compressedHash = new HashingWriteStream(file, leaveOpen: true);
            await using (var gzip = new GZipStream(compressedHash, CompressionLevel.Fastest, leaveOpen: true))
            {
                await using var tarHash = new HashingWriteStream(gzip, leaveOpen: true);
                await using (var tar = new TarWriter(tarHash, TarEntryFormat.Ustar, leaveOpen: true))
                {
                    await using var data = new PseudoRandomStream(seed, size);
                    var entry = new UstarTarEntry(TarEntryType.RegularFile, $"berth-test/layer-{index}.bin")
                    {
                        DataStream = data,
                        ModificationTime = spec.Created,
                        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                        Uid = 0,
                        Gid = 0,
                        UserName = "root",
                        GroupName = "root",
                    };
                    await tar.WriteEntryAsync(entry, ct);
                }
                await tarHash.FlushAsync(ct);
                diffId = tarHash.Digest();
            }
            compressedDigest = compressedHash.Digest();
            compressedSize = compressedHash.BytesWritten;
        }
        var target = BlobPath(directory, compressedDigest);
        if (File.Exists(target))
        {
            File.Delete(temp);
        }
        else
        {
            File.Move(temp, target);
        }
        return new OciBlob(LayerMediaType, compressedDigest, compressedSize) { DiffId = diffId };
    }

    private static async Task<string> WriteBlobAsync(string directory, byte[] bytes, CancellationToken ct)
    {
        var digest = Sha256Digest(bytes);
        var path = BlobPath(directory, digest);
        if (!File.Exists(path))
        {
            await File.WriteAllBytesAsync(path, bytes, ct);
        }
        return digest;
    }

    private static async Task AddToIndexAsync(string directory, string tag, string mediaType, string digest, long size, CancellationToken ct)
    {
        await IndexLock.WaitAsync(ct);
        try
        {
            var path = Path.Combine(directory, "index.json");
            var manifests = new JsonArray();
            if (File.Exists(path))
            {
                var existing = JsonNode.Parse(await File.ReadAllTextAsync(path, ct))?["manifests"]?.AsArray() ?? [];
                foreach (var entry in existing.ToList())
                {
                    if ((string?)entry?["annotations"]?[RefNameAnnotation] != tag)
                    {
                        manifests.Add(entry?.DeepClone());
                    }
                }
            }
            manifests.Add(new JsonObject
            {
                ["mediaType"] = mediaType,
                ["digest"] = digest,
                ["size"] = size,
                ["annotations"] = new JsonObject { [RefNameAnnotation] = tag },
            });
            var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = IndexMediaType, ["manifests"] = manifests };
            await File.WriteAllTextAsync(path, index.ToJsonString(), ct);
        }
        finally
        {
            IndexLock.Release();
        }
    }
}
