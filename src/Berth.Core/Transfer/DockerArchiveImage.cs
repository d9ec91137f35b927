using System.Text.Json.Serialization;

namespace Berth.Transfer;

/// <summary>One entry of a docker-archive's <c>manifest.json</c>, as <c>docker save</c> writes it.</summary>
internal sealed record DockerArchiveImage
{
    [JsonPropertyName("Config")]
    public string Config { get; init; } = "";

    [JsonPropertyName("RepoTags")]
    public IReadOnlyList<string>? RepoTags { get; init; }

    [JsonPropertyName("Layers")]
    public IReadOnlyList<string> Layers { get; init; } = [];
}
