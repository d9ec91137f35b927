using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Testing;

/// <summary>
/// Writes signatures, SBOMs and attestations the way the tools that make them do, written from the OCI image and
/// distribution specs 1.1 and cosign's documented tag scheme — not from Berth: an artifact manifest with an empty config
/// (<c>application/vnd.oci.empty.v1+json</c>, <c>{}</c>), one payload layer, <c>artifactType</c>, <c>subject</c> and
/// annotations; on a registry without the referrers API, the fallback tag <c>sha256-&lt;hex&gt;</c> holds an OCI index of
/// every referrer's descriptor, read and extended by each writer.
/// </summary>
public static class ReferrerSeeder
{
    public const string EmptyConfigMediaType = "application/vnd.oci.empty.v1+json";
    public const string CosignSignatureLayer = "application/vnd.dev.cosign.simplesigning.v1+json";
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>Pushes one referrer of <paramref name="subjectDigest"/> into <paramref name="repository"/> at <paramref name="registry"/> (http base URI).</summary>
    public static async Task<PushedReferrer> AttachAsync(Uri registry, string repository, string subjectDigest, string subjectMediaType, long subjectSize,
        string artifactType, string payload, ReferrerStyle style, IReadOnlyDictionary<string, string>? annotations = null,
        RegistryCredentials? credentials = null, CancellationToken ct = default)
    {
        using var client = Client(registry, credentials);
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        var payloadDigest = Sha256(payloadBytes);
        await RegistryHttp.UploadBlobAsync(client, repository, payloadDigest, payloadBytes, ct);

        var manifest = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = OciManifest };
        byte[] configBytes;
        string configType;
        if (style == ReferrerStyle.CosignSignature)
        {
            // cosign: an image config naming no platform, one simplesigning layer whose annotation carries the signature.
            configType = "application/vnd.oci.image.config.v1+json";
            configBytes = Encoding.UTF8.GetBytes("{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + payloadDigest + "\"]}}");
        }
        else
        {
            manifest["artifactType"] = artifactType;
            configType = EmptyConfigMediaType;
            configBytes = "{}"u8.ToArray();
        }

        var configDigest = Sha256(configBytes);
        await RegistryHttp.UploadBlobAsync(client, repository, configDigest, configBytes, ct);
        manifest["config"] = new JsonObject { ["mediaType"] = configType, ["digest"] = configDigest, ["size"] = configBytes.Length };
        var layerAnnotations = new JsonObject();
        if (style == ReferrerStyle.CosignSignature)
        {
            layerAnnotations["dev.cosignproject.cosign/signature"] = Convert.ToBase64String(SHA256.HashData(payloadBytes));
        }

        manifest["layers"] = new JsonArray(new JsonObject
        {
            ["mediaType"] = style == ReferrerStyle.CosignSignature ? CosignSignatureLayer : artifactType,
            ["digest"] = payloadDigest,
            ["size"] = payloadBytes.Length,
            ["annotations"] = layerAnnotations,
        });
        if (style != ReferrerStyle.CosignSignature)
        {
            manifest["subject"] = new JsonObject { ["mediaType"] = subjectMediaType, ["digest"] = subjectDigest, ["size"] = subjectSize };
        }

        if (annotations is { Count: > 0 })
        {
            manifest["annotations"] = ToJson(annotations);
        }

        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var digest = Sha256(bytes);
        var fallbackTag = "sha256-" + subjectDigest["sha256:".Length..];
        var tag = style == ReferrerStyle.CosignSignature ? fallbackTag + ".sig" : digest;
        await RegistryHttp.PutManifestAsync(client, repository, tag, OciManifest, bytes, ct);
        var pushed = new PushedReferrer(digest, OciManifest, bytes.Length, style == ReferrerStyle.CosignSignature ? configType : artifactType) { Tag = tag };
        if (style == ReferrerStyle.FallbackTag)
        {
            await AddToFallbackIndexAsync(client, repository, fallbackTag, pushed, annotations, ct);
        }

        return pushed;
    }

    /// <summary>
    /// Pushes what BuildKit writes for <c>--attest</c>: an attestation manifest (in-toto layer) and an index listing the
    /// image (with its platform) and the attestation (platform <c>unknown/unknown</c>, annotations
    /// <c>vnd.docker.reference.type: attestation-manifest</c> and <c>vnd.docker.reference.digest: &lt;image&gt;</c>). Returns the index digest.
    /// </summary>
    public static async Task<(string Index, string Attestation)> PushAttestedIndexAsync(Uri registry, string repository, string tag,
        string imageDigest, string imageMediaType, long imageSize, CancellationToken ct = default)
    {
        using var client = new HttpClient { BaseAddress = registry, Timeout = TimeSpan.FromMinutes(1) };
        var statement = Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"predicateType\":\"https://spdx.dev/Document\"}");
        var statementDigest = Sha256(statement);
        await RegistryHttp.UploadBlobAsync(client, repository, statementDigest, statement, ct);
        var config = "{\"architecture\":\"unknown\",\"os\":\"unknown\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""u8.ToArray()
            .Concat(Encoding.UTF8.GetBytes(statementDigest)).Concat("\"]}}"u8.ToArray()).ToArray();
        var configDigest = Sha256(config);
        await RegistryHttp.UploadBlobAsync(client, repository, configDigest, config, ct);
        var attestation = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = config.Length },
            ["layers"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = "application/vnd.in-toto+json", ["digest"] = statementDigest, ["size"] = statement.Length,
                ["annotations"] = new JsonObject { ["in-toto.io/predicate-type"] = "https://spdx.dev/Document" },
            }),
        };
        var attestationBytes = Encoding.UTF8.GetBytes(attestation.ToJsonString());
        var attestationDigest = Sha256(attestationBytes);
        await RegistryHttp.PutManifestAsync(client, repository, attestationDigest, OciManifest, attestationBytes, ct);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciIndex,
            ["manifests"] = new JsonArray(
                new JsonObject
                {
                    ["mediaType"] = imageMediaType, ["digest"] = imageDigest, ["size"] = imageSize,
                    ["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" },
                },
                new JsonObject
                {
                    ["mediaType"] = OciManifest, ["digest"] = attestationDigest, ["size"] = attestationBytes.Length,
                    ["platform"] = new JsonObject { ["architecture"] = "unknown", ["os"] = "unknown" },
                    ["annotations"] = new JsonObject
                    {
                        ["vnd.docker.reference.digest"] = imageDigest, ["vnd.docker.reference.type"] = "attestation-manifest",
                    },
                }),
        };
        var indexBytes = Encoding.UTF8.GetBytes(index.ToJsonString());
        await RegistryHttp.PutManifestAsync(client, repository, tag, OciIndex, indexBytes, ct);
        return (Sha256(indexBytes), attestationDigest);
    }

    /// <summary>The entries of the index under <c>sha256-&lt;hex&gt;</c> (digest and artifactType), empty when there is none.</summary>
    public static async Task<IReadOnlyList<(string Digest, string? ArtifactType)>> ReadFallbackIndexAsync(Uri registry, string repository, string subjectDigest, CancellationToken ct = default)
    {
        using var client = new HttpClient { BaseAddress = registry, Timeout = TimeSpan.FromMinutes(1) };
        var index = await GetIndexAsync(client, repository, "sha256-" + subjectDigest["sha256:".Length..], ct);
        return index is null ? [] : index["manifests"]!.AsArray().Select(m => ((string)m!["digest"]!, (string?)m["artifactType"])).ToList();
    }

    private static async Task AddToFallbackIndexAsync(HttpClient client, string repository, string fallbackTag, PushedReferrer referrer,
        IReadOnlyDictionary<string, string>? annotations, CancellationToken ct)
    {
        var index = await GetIndexAsync(client, repository, fallbackTag, ct) ?? new JsonObject
        {
            ["schemaVersion"] = 2, ["mediaType"] = OciIndex, ["manifests"] = new JsonArray(),
        };
        var descriptor = new JsonObject
        {
            ["mediaType"] = referrer.MediaType, ["digest"] = referrer.Digest, ["size"] = referrer.Size, ["artifactType"] = referrer.ArtifactType,
        };
        if (annotations is { Count: > 0 })
        {
            descriptor["annotations"] = ToJson(annotations);
        }

        index["manifests"]!.AsArray().Add(descriptor);
        await RegistryHttp.PutManifestAsync(client, repository, fallbackTag, OciIndex, Encoding.UTF8.GetBytes(index.ToJsonString()), ct);
    }

    private static async Task<JsonObject?> GetIndexAsync(HttpClient client, string repository, string tag, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{tag}");
        request.Headers.Accept.ParseAdd(OciIndex);
        using var response = await client.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject();
    }

    private static HttpClient Client(Uri registry, RegistryCredentials? credentials) =>
        new(new ChallengeAuthHandler(credentials, new HttpClientHandler())) { BaseAddress = registry, Timeout = TimeSpan.FromMinutes(1) };

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values)
        {
            json[key] = value;
        }

        return json;
    }

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
