using System.Text.Json.Serialization;

namespace Berth.Connections.UseCases;

/// <summary>
/// What inspecting an image shows, the same from <c>berth inspect --output json</c>, the API's manifest endpoint
/// and the dashboard: digest and media type; for an index its platforms (BuildKit attestation manifests shown as
/// attestations of the platform they describe); for an image its config, layers, total size (config + layers), created
/// time, platform and labels; for either, the OCI 1.1 fields an artifact carries: artifactType, subject, annotations.
/// </summary>
public sealed record ImageInspection
{
    /// <summary>The image as the user named it, canonical form (host/repository[:tag|@digest]).</summary>
    public required string Name { get; init; }

    public required string Digest { get; init; }

    public required string MediaType { get; init; }

    public IReadOnlyList<PlatformInspection>? Platforms { get; init; }

    public string? Config { get; init; }

    /// <summary>The config's media type: an image config, or what an artifact (signature, SBOM, chart) put there.</summary>
    public string? ConfigMediaType { get; init; }

    /// <summary>The manifest's artifactType (OCI 1.1), when it names one.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>The manifest this one refers to (a signature's or SBOM's image), when it has a subject.</summary>
    public SubjectInspection? Subject { get; init; }

    /// <summary>The manifest's annotations.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public IReadOnlyList<LayerInspection>? Layers { get; init; }

    public long Size { get; init; }

    public DateTimeOffset? Created { get; init; }

    public string? Os { get; init; }

    public string? Architecture { get; init; }

    public string? Variant { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>A multi-platform index rather than one image.</summary>
    [JsonIgnore]
    public bool IsIndex => Platforms is not null;

    /// <summary>os/architecture[/variant] of a single image, when its config says.</summary>
    [JsonIgnore]
    public string? Platform => Os is null ? null : PlatformInspection.Format(Os, Architecture, Variant);
}

public sealed record PlatformInspection(string Os, string Architecture, string? Variant, string Digest, long Size, string MediaType)
{
    /// <summary>
    /// For a BuildKit attestation manifest (<c>vnd.docker.reference.type: attestation-manifest</c>): the digest of the image it
    /// describes; <see cref="Os"/>/<see cref="Architecture"/> are then that image's platform, not the entry's <c>unknown/unknown</c>.
    /// </summary>
    public string? AttestationOf { get; init; }

    /// <summary>The entry's artifactType, when the index names one.</summary>
    public string? ArtifactType { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonIgnore]
    public bool IsAttestation => AttestationOf is not null;

    [JsonIgnore]
    public string Name => IsAttestation ? "attestation of " + Format(Os, Architecture, Variant) : Format(Os, Architecture, Variant);

    internal static string Format(string? os, string? architecture, string? variant) =>
        $"{os}/{architecture}{(variant is null ? "" : "/" + variant)}";
}

/// <summary>A layer; <see cref="Size"/> is -1 where the manifest does not say (schema 1).</summary>
public sealed record LayerInspection(string Digest, long Size, string MediaType);

/// <summary>The descriptor a manifest's <c>subject</c> names.</summary>
public sealed record SubjectInspection(string Digest, string MediaType, long Size);
