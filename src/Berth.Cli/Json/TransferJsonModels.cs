using System.Text.Json.Serialization;

namespace Berth.Cli.Json;

/// <summary>One JSON line per progress event of copy, pull and push.</summary>
internal sealed record TransferEventLine(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("reference")] string? Reference);

internal sealed record TransferImageLine(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("upToDate")] bool UpToDate);

/// <summary>The last JSON line of a transfer.</summary>
internal sealed record TransferSummaryLine
{
    [JsonPropertyName("event")]
    public string Event { get; init; } = "summary";

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("target")]
    public required string Target { get; init; }

    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    [JsonPropertyName("images")]
    public required IReadOnlyList<TransferImageLine> Images { get; init; }

    [JsonPropertyName("blobsCopied")]
    public int BlobsCopied { get; init; }

    [JsonPropertyName("referrersCopied")]
    public int ReferrersCopied { get; init; }

    [JsonPropertyName("fallbackIndexesWritten")]
    public int FallbackIndexesWritten { get; init; }

    [JsonPropertyName("blobsSkipped")]
    public int BlobsSkipped { get; init; }

    [JsonPropertyName("blobsMounted")]
    public int BlobsMounted { get; init; }

    [JsonPropertyName("manifestsWritten")]
    public int ManifestsWritten { get; init; }

    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    [JsonPropertyName("mibPerSecond")]
    public double MibPerSecond { get; init; }

    [JsonPropertyName("dryRun")]
    public bool DryRun { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TransferEventLine))]
[JsonSerializable(typeof(TransferSummaryLine))]
internal sealed partial class TransferJsonContext : JsonSerializerContext;
