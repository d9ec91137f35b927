namespace Berth.Server.Registries;

/// <summary>What the manifest detail page and API show: digest, media type, platforms or layers, size, created, labels.</summary>
public sealed record ManifestDetails
{
    public required string Repository { get; init; }

    public required string Reference { get; init; }

    public required string Digest { get; init; }

    public required string MediaType { get; init; }

    /// <summary>"index" (multi-platform) or "image".</summary>
    public required string Kind { get; init; }

    /// <summary>Manifest plus everything it references (config and layers, or child manifests).</summary>
    public long Size { get; init; }

    public IReadOnlyList<PlatformEntry> Platforms { get; init; } = [];

    public string? ConfigDigest { get; init; }

    public IReadOnlyList<LayerEntry> Layers { get; init; } = [];

    public DateTimeOffset? Created { get; init; }

    /// <summary>os/architecture[/variant] of a single image.</summary>
    public string? Platform { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

public sealed record PlatformEntry(string Platform, string Digest, long Size, string MediaType);

public sealed record LayerEntry(string Digest, long Size, string MediaType);
