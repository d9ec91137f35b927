using System.Text.Json.Serialization;

namespace Berth.Content;

/// <summary>The platform of an index entry or image config: <c>os/architecture[/variant]</c>.</summary>
public sealed record Platform
{
    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "";

    [JsonPropertyName("os")]
    public string Os { get; init; } = "";

    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    /// <summary>Parses <c>os/arch[/variant]</c>, e.g. <c>linux/arm64/v8</c>.</summary>
    public static Platform Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException($"invalid platform '{value}': expected os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8");
        }

        return new Platform { Os = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null };
    }

    /// <summary>Matches os and architecture, and the variant when the wanted platform names one.</summary>
    public bool Matches(Platform wanted) =>
        Os.Equals(wanted.Os, StringComparison.OrdinalIgnoreCase) &&
        Architecture.Equals(wanted.Architecture, StringComparison.OrdinalIgnoreCase) &&
        (wanted.Variant is null || string.Equals(Variant, wanted.Variant, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
