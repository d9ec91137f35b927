using System.Text.Json.Serialization;

namespace Berth.Transfer;

/// <summary>The <c>oci-layout</c> file at the root of an OCI image layout.</summary>
internal sealed record OciLayoutMarker
{
    public const string CurrentVersion = "1.0.0";

    [JsonPropertyName("imageLayoutVersion")]
    public string ImageLayoutVersion { get; init; } = CurrentVersion;
}
