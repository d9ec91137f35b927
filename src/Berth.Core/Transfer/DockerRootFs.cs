using System.Text.Json.Serialization;

namespace Berth.Transfer;

/// <summary>The <c>rootfs</c> part of an image config: the uncompressed layer digests.</summary>
internal sealed record DockerRootFs
{
    [JsonPropertyName("rootfs")]
    public RootFsSection? RootFs { get; init; }

    internal sealed record RootFsSection
    {
        [JsonPropertyName("type")]
        public string? Type { get; init; }

        [JsonPropertyName("diff_ids")]
        public IReadOnlyList<string>? DiffIds { get; init; }
    }
}
