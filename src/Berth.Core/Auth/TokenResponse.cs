using System.Text.Json.Serialization;

namespace Berth.Auth;

/// <summary>A token service answer; Docker's <c>token</c> and OAuth2's <c>access_token</c> are both accepted.</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    [JsonPropertyName("issued_at")]
    public DateTimeOffset? IssuedAt { get; init; }
}
