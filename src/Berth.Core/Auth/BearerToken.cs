namespace Berth.Auth;

/// <summary>A bearer token from a registry token service and when it stops being usable.</summary>
public sealed class BearerToken(string value, DateTimeOffset expiresAt, string? refreshToken = null)
{
    public string Value { get; } = value;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>Set when the token service hands back a new refresh token (OAuth2 flow).</summary>
    public string? RefreshToken { get; } = refreshToken;

    /// <summary>True when the token is expired or will be within <paramref name="margin"/>.</summary>
    public bool IsExpired(DateTimeOffset now, TimeSpan margin) => now + margin >= ExpiresAt;

    public override string ToString() => $"bearer token (redacted), expires {ExpiresAt:O}";
}
