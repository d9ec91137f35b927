using System.Text.Json.Serialization;

namespace Berth.Content;

/// <summary>The <c>config</c> section of an image config (what a container runs with).</summary>
public sealed record ImageRuntimeConfig
{
    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("User")]
    public string? User { get; init; }
}
