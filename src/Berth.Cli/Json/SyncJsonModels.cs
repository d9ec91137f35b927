using System.Text.Json.Serialization;

namespace Berth.Cli.Json;

/// <summary>One JSON line per sync event.</summary>
internal sealed record SyncEventLine
{
    [JsonPropertyName("event")]
    public required string Event { get; init; }

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("target")]
    public required string Target { get; init; }

    [JsonPropertyName("reference")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reference { get; init; }

    [JsonPropertyName("digest")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Digest { get; init; }

    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Tags { get; init; }

    [JsonPropertyName("bytes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Bytes { get; init; }

    [JsonPropertyName("seconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Seconds { get; init; }

    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}

internal sealed record SyncFailureLine(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("error")] string Error);

/// <summary>The last JSON line of a sync.</summary>
internal sealed record SyncSummaryLine
{
    [JsonPropertyName("event")]
    public string Event { get; init; } = "summary";

    [JsonPropertyName("repositories")]
    public int Repositories { get; init; }

    [JsonPropertyName("copied")]
    public int Copied { get; init; }

    [JsonPropertyName("upToDate")]
    public int UpToDate { get; init; }

    [JsonPropertyName("wouldCopy")]
    public int WouldCopy { get; init; }

    [JsonPropertyName("failed")]
    public int Failed { get; init; }

    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    [JsonPropertyName("dryRun")]
    public bool DryRun { get; init; }

    /// <summary>True when the sync stopped at the first failure (no --keep-going).</summary>
    [JsonPropertyName("stopped")]
    public bool Stopped { get; init; }

    [JsonPropertyName("failures")]
    public required IReadOnlyList<SyncFailureLine> Failures { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SyncEventLine))]
[JsonSerializable(typeof(SyncSummaryLine))]
internal sealed partial class SyncJsonContext : JsonSerializerContext;
