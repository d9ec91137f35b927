using System.Text.Json;
using Berth.Content;
using Berth.Distribution;
using Berth.References;

namespace Berth.Connections.UseCases;

/// <summary>Reads a manifest (and an image's config) into an <see cref="ImageInspection"/>, whoever holds the client.</summary>
public static class ImageInspector
{
    /// <param name="client">A client for the image's registry, with whatever credential serves it.</param>
    /// <param name="name">How the result names the image (the reference as the user gave it, canonical).</param>
    /// <param name="repository">Repository path within the registry.</param>
    /// <param name="reference">Tag or digest.</param>
    /// <param name="platform">For an index, inspect this platform's image instead.</param>
    /// <param name="cancellationToken">Cancels the registry requests.</param>
    /// <exception cref="PlatformNotFoundException">The index has no image for <paramref name="platform"/>.</exception>
    public static async Task<ImageInspection> InspectAsync(RegistryClient client, string name, string repository, string reference, Platform? platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var manifest = await client.GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false);
        if (manifest.Kind == ManifestKind.Index && platform is not null)
        {
            var match = manifest.Index!.Manifests.FirstOrDefault(m => m.Platform is not null && AttestationOf(m) is null && m.Platform.Matches(platform))
                ?? throw new PlatformNotFoundException(name, platform, manifest.Index.Manifests.Select(m => m.Platform?.ToString() ?? "unknown").ToList());
            manifest = await client.GetManifestAsync(repository, match.Digest, cancellationToken).ConfigureAwait(false);
        }

        switch (manifest.Kind)
        {
            case ManifestKind.Index:
                var platforms = Platforms(manifest.Index!.Manifests);
                return new ImageInspection
                {
                    Name = name,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    ArtifactType = manifest.Index.ArtifactType,
                    Subject = Subject(manifest.Index.Subject),
                    Annotations = manifest.Index.Annotations,
                    Platforms = platforms,
                    Size = manifest.Size + platforms.Sum(p => p.Size),
                };

            case ManifestKind.Image:
                var image = manifest.Image!;
                var config = await ReadConfigAsync(client, repository, image.Config, cancellationToken).ConfigureAwait(false);
                return new ImageInspection
                {
                    Name = name,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    Config = image.Config.Digest,
                    ConfigMediaType = image.Config.MediaType,
                    ArtifactType = image.ArtifactType,
                    Subject = Subject(image.Subject),
                    Annotations = image.Annotations,
                    Layers = image.Layers.Select(l => new LayerInspection(l.Digest, l.Size, l.MediaType)).ToList(),
                    Size = image.Config.Size + image.Layers.Sum(l => l.Size),
                    Created = config?.Created,
                    Os = config?.Os,
                    Architecture = config?.Architecture,
                    Variant = config?.Variant,
                    Labels = config?.Config?.Labels ?? new Dictionary<string, string>(),
                };

            default:
                var schema1 = manifest.Schema1!;
                return new ImageInspection
                {
                    Name = name,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    Layers = schema1.FsLayers.Select(l => new LayerInspection(l.BlobSum, -1, MediaTypes.DockerLayer)).ToList(),
                    Architecture = schema1.Architecture,
                    Size = manifest.Size,
                };
        }
    }

    /// <summary>BuildKit's annotation naming what an index entry is (an attestation manifest, or the image).</summary>
    private const string ReferenceType = "vnd.docker.reference.type";

    /// <summary>BuildKit's annotation on an attestation manifest naming the image it describes.</summary>
    private const string ReferenceDigest = "vnd.docker.reference.digest";

    /// <summary>An index's entries; an attestation manifest takes the platform of the image it describes.</summary>
    private static List<PlatformInspection> Platforms(IReadOnlyList<Descriptor> entries) => entries.Select(m =>
    {
        var of = AttestationOf(m);
        var platform = of is null ? m.Platform : entries.FirstOrDefault(e => e.Digest == of)?.Platform;
        return new PlatformInspection(platform?.Os ?? "unknown", platform?.Architecture ?? "unknown", platform?.Variant, m.Digest, m.Size, m.MediaType)
        {
            AttestationOf = of,
            ArtifactType = m.ArtifactType,
            Annotations = m.Annotations,
        };
    }).ToList();

    private static string? AttestationOf(Descriptor entry) =>
        entry.Annotations is { } a && a.TryGetValue(ReferenceType, out var type) && type == "attestation-manifest" && a.TryGetValue(ReferenceDigest, out var digest)
            ? digest
            : null;

    private static SubjectInspection? Subject(Descriptor? subject) =>
        subject is null ? null : new SubjectInspection(subject.Digest, subject.MediaType, subject.Size);

    private static async Task<ImageConfig?> ReadConfigAsync(RegistryClient client, string repository, Descriptor config, CancellationToken cancellationToken)
    {
        if (config.MediaType is not (MediaTypes.OciConfig or MediaTypes.DockerConfig))
        {
            // An artifact's config (empty, or a tool's own document) says nothing an image config would.
            return null;
        }

        if (!Digest.TryParse(config.Digest, out var digest) || config.Size > client.MaxConfigBytes)
        {
            // An artifact's config may be anything; one too large to read whole is shown without config details.
            return null;
        }

        // Bounded by the client whatever the registry sends, and verified against the digest.
        var bytes = await client.ReadBlobAsync(repository, digest, config.Size, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, ContentConfigJson.ImageConfig);
        }
        catch (JsonException)
        {
            // Artifacts (Helm charts, signatures) carry configs that are not image configs.
            return null;
        }
    }
}
