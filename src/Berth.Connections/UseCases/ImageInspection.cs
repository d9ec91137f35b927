using System.Text.Json.Serialization;

namespace Berth.Connections.UseCases;

/// <summary>
/// What inspecting an image shows, the same from <c>berth inspect --output json</c>, the API's manifest endpoint
/// and the dashboard: digest and media type; for an index its platforms; for an image its config, layers, total
/// size (config + layers), created time, platform and labels.
/// </summary>
public sealed record ImageInspection
{
    /// <summary>The image as the user named it, canonical form (host/repository[:tag|@digest]).</summary>
    public required string Name { get; init; }

    public required string Digest { get; init; }

    public required string MediaType { get; init; }

    public IReadOnlyList<PlatformInspection>? Platforms { get; init; }

    public string? Config { get; init; }

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
    [JsonIgnore]
    public string Name => Format(Os, Architecture, Variant);

    internal static string Format(string? os, string? architecture, string? variant) =>
        $"{os}/{architecture}{(variant is null ? "" : "/" + variant)}";
}

/// <summary>A layer; <see cref="Size"/> is -1 where the manifest does not say (schema 1).</summary>
public sealed record LayerInspection(string Digest, long Size, string MediaType);
