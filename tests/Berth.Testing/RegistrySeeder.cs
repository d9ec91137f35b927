using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Testing;

/// <summary>Puts content into a test <see cref="RegistryServer"/>: through skopeo (the reference client) or, for bulk, straight through the registry's HTTP API.</summary>
public static class RegistrySeeder
{
    private const string DockerManifestMediaType = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>
    /// <c>skopeo copy --all --preserve-digests oci:DIR:TAG docker://HOST/REPO:TAG</c>, then checks with
    /// <c>skopeo inspect --raw</c> that the registry serves the layout's exact manifest digest. Returns that digest.
    /// </summary>
    public static async Task<string> PushWithSkopeoAsync(
        OciLayoutImage image,
        RegistryServer registry,
        string repository,
        string? tag = null,
        RegistryCredentials? credentials = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (destination, raw) = await CopyAndReadBackAsync(image, registry, repository, tag, credentials, ["--all", "--preserve-digests"], ct);
        var pushed = TestImages.Sha256Digest(Encoding.UTF8.GetBytes(raw));
        if (!string.Equals(pushed, image.Digest, StringComparison.Ordinal))
        {
            throw new SkopeoException($"skopeo pushed {destination} as {pushed}, but the layout's manifest is {image.Digest}.");
        }
        return pushed;
    }

    /// <summary>
    /// <c>skopeo copy --format v2s2 oci:DIR:TAG docker://HOST/REPO:TAG</c>: skopeo converts the OCI image into a
    /// Docker v2 schema 2 manifest (new digest). Checks the registry serves that media type and returns the digest it serves.
    /// </summary>
    public static async Task<string> PushAsDockerSchema2WithSkopeoAsync(
        OciLayoutImage image,
        RegistryServer registry,
        string repository,
        string? tag = null,
        RegistryCredentials? credentials = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.IsIndex)
        {
            throw new ArgumentException($"{image.OciReference} is an index; skopeo converts single images to Docker schema 2.", nameof(image));
        }
        var (destination, raw) = await CopyAndReadBackAsync(image, registry, repository, tag, credentials, ["--format", "v2s2"], ct);
        var mediaType = (string?)JsonNode.Parse(raw)?["mediaType"];
        if (mediaType != DockerManifestMediaType)
        {
            throw new SkopeoException($"skopeo pushed {destination} as '{mediaType}', not {DockerManifestMediaType}.");
        }
        return TestImages.Sha256Digest(Encoding.UTF8.GetBytes(raw));
    }

    /// <summary><c>skopeo copy MODE oci:DIR:TAG docker://HOST/REPO:TAG</c>, then the manifest exactly as the registry serves it.</summary>
    private static async Task<(string Destination, string RawManifest)> CopyAndReadBackAsync(
        OciLayoutImage image, RegistryServer registry, string repository, string? tag, RegistryCredentials? credentials, string[] modeArgs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var destination = $"docker://{registry.Host}/{repository}:{tag ?? image.Tag}";
        await Skopeo.CopyAsync(image.OciReference, destination, null, credentials,
            [.. modeArgs, "--quiet", .. Skopeo.DestinationTlsArgs(registry)], ct);
        var raw = await Skopeo.InspectAsync(destination, credentials, raw: true, certDirectory: registry.CertificateDirectory, ct: ct);
        return (destination, raw);
    }

    /// <summary>
    /// Creates <paramref name="count"/> repositories <c>PREFIX0000…</c> (zero-padded so name order = number order),
    /// each holding one tiny image under <paramref name="tag"/>: the blobs are uploaded once and cross-mounted,
    /// so 1,000 repositories take seconds. Returns the names in ascending order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeedRepositoriesAsync(
        RegistryServer registry,
        int count,
        string namePrefix = "seed/repo-",
        string tag = "latest",
        RegistryCredentials? credentials = null,
        int parallelism = 8,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var width = Math.Max(4, count.ToString(CultureInfo.InvariantCulture).Length);
        var names = Enumerable.Range(0, count).Select(i => namePrefix + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')).ToList();
        if (count == 0)
        {
            return names;
        }
        var tiny = await TinyImage.GetAsync(ct);
        using var client = CreateClient(registry, credentials);
        var first = names[0];
        await RegistryHttp.UploadBlobAsync(client, first, tiny.Config.Digest, tiny.ConfigBytes, ct);
        await RegistryHttp.UploadBlobAsync(client, first, tiny.Layer.Digest, tiny.LayerBytes, ct);
        await RegistryHttp.PutManifestAsync(client, first, tag, TestImages.ManifestMediaType, tiny.ManifestBytes, ct);

        await Parallel.ForEachAsync(names.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (name, token) =>
        {
            await RegistryHttp.MountOrUploadAsync(client, name, first, tiny.Config.Digest, tiny.ConfigBytes, token);
            await RegistryHttp.MountOrUploadAsync(client, name, first, tiny.Layer.Digest, tiny.LayerBytes, token);
            await RegistryHttp.PutManifestAsync(client, name, tag, TestImages.ManifestMediaType, tiny.ManifestBytes, token);
        });
        return names;
    }

    /// <summary>
    /// Tags one tiny image <paramref name="count"/> times in <paramref name="repository"/> as <c>PREFIX0000…</c>
    /// (zero-padded). Returns the tags in ascending order and the manifest digest they all point to.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Tags, string Digest)> SeedTagsAsync(
        RegistryServer registry,
        string repository,
        int count,
        string tagPrefix = "t",
        RegistryCredentials? credentials = null,
        int parallelism = 8,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var width = Math.Max(4, count.ToString(CultureInfo.InvariantCulture).Length);
        var tags = Enumerable.Range(0, count).Select(i => tagPrefix + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')).ToList();
        var tiny = await TinyImage.GetAsync(ct);
        using var client = CreateClient(registry, credentials);
        await RegistryHttp.UploadBlobAsync(client, repository, tiny.Config.Digest, tiny.ConfigBytes, ct);
        await RegistryHttp.UploadBlobAsync(client, repository, tiny.Layer.Digest, tiny.LayerBytes, ct);
        await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (tag, token) =>
            await RegistryHttp.PutManifestAsync(client, repository, tag, TestImages.ManifestMediaType, tiny.ManifestBytes, token));
        return (tags, tiny.Digest);
    }

    /// <summary>
    /// Pushes an <see cref="OciLayoutImage"/> (single image or index) through the HTTP API without skopeo:
    /// blobs with monolithic uploads, then manifests bottom-up. Returns the top manifest digest.
    /// </summary>
    public static async Task<string> PushWithHttpAsync(
        OciLayoutImage image,
        RegistryServer registry,
        string repository,
        string? tag = null,
        RegistryCredentials? credentials = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(registry);
        using var client = CreateClient(registry, credentials);
        foreach (var child in image.Manifests.Append(image).Where(m => m.Config is not null))
        {
            foreach (var blob in child.Layers.Prepend(child.Config!))
            {
                var bytes = await File.ReadAllBytesAsync(image.BlobPath(blob.Digest), ct);
                await RegistryHttp.UploadBlobAsync(client, repository, blob.Digest, bytes, ct);
            }
            if (child != image)
            {
                await RegistryHttp.PutManifestAsync(client, repository, child.Digest, child.MediaType, child.ManifestBytes, ct);
            }
        }
        await RegistryHttp.PutManifestAsync(client, repository, tag ?? image.Tag, image.MediaType, image.ManifestBytes, ct);
        return image.Digest;
    }

    private static HttpClient CreateClient(RegistryServer registry, RegistryCredentials? credentials)
    {
        var handler = new ChallengeAuthHandler(credentials, registry.CreateHttpHandler());
        return new HttpClient(handler) { BaseAddress = registry.BaseUri, Timeout = TimeSpan.FromMinutes(2) };
    }
}
