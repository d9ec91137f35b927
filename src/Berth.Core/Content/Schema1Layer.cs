using System.Text.Json.Serialization;

namespace Berth.Content;

/// <summary>One <c>fsLayers</c> entry of a schema 1 manifest.</summary>
public sealed record Schema1Layer
{
    [JsonPropertyName("blobSum")]
    public string BlobSum { get; init; } = "";
}
