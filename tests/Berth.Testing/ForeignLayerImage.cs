using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Testing;

/// <summary>
/// An OCI layout holding one image whose second layer is non-distributable
/// (<c>application/vnd.oci.image.layer.nondistributable.v1.tar+gzip</c> with <c>urls</c>, as Windows base images have):
/// the layout holds the config and the first layer only; the foreign layer's bytes are in <see cref="ForeignLayerPath"/>,
/// for a test server to serve at the URLs.
/// </summary>
public sealed record ForeignLayerImage(string Directory, string Tag, string Digest, string ForeignLayerDigest, string ForeignLayerPath, long ForeignLayerSize)
{
    public const string NondistributableLayer = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

    public string OciReference => $"oci:{Directory}:{Tag}";

    /// <summary>Writes the layout into <paramref name="directory"/> (which must not hold another layout) and the foreign layer beside it.</summary>
    public static async Task<ForeignLayerImage> CreateAsync(string directory, string tag, IReadOnlyList<string> urls, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(urls);
        // Two ordinary images: the first's layer stays in the layout, the second's becomes the foreign layer.
        var scratch = directory + ".foreign";
        var baseImage = await TestImages.CreateAsync(directory, "base", new TestImageSpec { LayerSizes = [40_000], Seed = 91 }, ct);
        var foreignImage = await TestImages.CreateAsync(scratch, "foreign", new TestImageSpec { LayerSizes = [60_000], Seed = 92 }, ct);
        var local = baseImage.Layers[0];
        var foreign = foreignImage.Layers[0];

        var config = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(local.DiffId, foreign.DiffId) },
        };
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDigest = TestImages.Sha256Digest(configBytes);
        await File.WriteAllBytesAsync(TestImages.BlobPath(directory, configDigest), configBytes, ct);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = TestImages.ManifestMediaType,
            ["config"] = new JsonObject { ["mediaType"] = TestImages.ConfigMediaType, ["digest"] = configDigest, ["size"] = configBytes.Length },
            ["layers"] = new JsonArray(
                new JsonObject { ["mediaType"] = local.MediaType, ["digest"] = local.Digest, ["size"] = local.Size },
                new JsonObject
                {
                    ["mediaType"] = NondistributableLayer, ["digest"] = foreign.Digest, ["size"] = foreign.Size,
                    ["urls"] = new JsonArray([.. urls.Select(u => (JsonNode)JsonValue.Create(u))]),
                }),
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var digest = TestImages.Sha256Digest(manifestBytes);
        await File.WriteAllBytesAsync(TestImages.BlobPath(directory, digest), manifestBytes, ct);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = TestImages.IndexMediaType,
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = TestImages.ManifestMediaType, ["digest"] = digest, ["size"] = manifestBytes.Length,
                ["annotations"] = new JsonObject { [TestImages.RefNameAnnotation] = tag },
            }),
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "index.json"), index.ToJsonString(), ct);
        return new ForeignLayerImage(directory, tag, digest, foreign.Digest, TestImages.BlobPath(scratch, foreign.Digest), foreign.Size);
    }
}
