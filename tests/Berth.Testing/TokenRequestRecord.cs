namespace Berth.Testing;

/// <summary>One request a <see cref="TokenIssuer"/> received, for tests asserting caching and re-authentication.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Username">The authenticated (or attempted) user; null for anonymous requests.</param>
/// <param name="Service">The <c>service</c> parameter.</param>
/// <param name="Scopes">The <c>scope</c> parameters as sent.</param>
/// <param name="GrantType">The OAuth2 <c>grant_type</c> for POST; null for GET.</param>
/// <param name="StatusCode">The status code answered.</param>
/// <param name="Granted">The <c>access</c> claim of the token issued (empty when refused).</param>
public sealed record TokenRequestRecord(
    string Method,
    string? Username,
    string? Service,
    IReadOnlyList<string> Scopes,
    string? GrantType,
    int StatusCode,
    IReadOnlyList<ResourceAccess> Granted);
