using System.Security.Claims;
using Berth.Connections.Tokens;

namespace Berth.Server.Auth;

/// <summary>Who is calling: the token, its organization (every query is scoped to it), its role and, for ci, its connections.</summary>
public sealed record Caller(Guid TokenId, Guid OrganizationId, ApiTokenRole Role, IReadOnlyList<string> Connections)
{
    /// <summary>How the audit log names this caller.</summary>
    public string Actor => "token:" + TokenId.ToString("D");

    public bool IsAdmin => Role == ApiTokenRole.Admin;

    /// <summary>The caller as the use cases see it: organization, audit name and, for ci, its only connections.</summary>
    public Berth.Connections.UseCases.Actor ToActor() => new(OrganizationId, Actor, Role == ApiTokenRole.Ci ? Connections : null);

    public bool MayUseConnection(string name) =>
        Role != ApiTokenRole.Ci || Connections.Any(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));

    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = user.FindFirstValue(BerthClaims.TokenId);
        var org = user.FindFirstValue(BerthClaims.Organization);
        var role = user.FindFirstValue(BerthClaims.Role);
        if (!Guid.TryParse(token, out var tokenId) || !Guid.TryParse(org, out var orgId) || !ApiTokenRoles.TryParse(role, out var parsed))
        {
            throw new InvalidOperationException("the request is not authenticated with a Berth API token");
        }

        return new Caller(tokenId, orgId, parsed.Value, user.FindAll(BerthClaims.Connection).Select(c => c.Value).ToArray());
    }

    public static ClaimsIdentity IdentityFor(ApiToken token, string scheme)
    {
        ArgumentNullException.ThrowIfNull(token);
        var claims = new List<Claim>
        {
            new(BerthClaims.TokenId, token.Id.ToString("D")),
            new(BerthClaims.Organization, token.OrganizationId.ToString("D")),
            new(BerthClaims.Role, token.Role.ToName()),
            new(ClaimTypes.Name, "token " + token.Id.ToString("D")[..8]),
        };
        claims.AddRange(token.Connections.Select(c => new Claim(BerthClaims.Connection, c)));
        return new ClaimsIdentity(claims, scheme, ClaimTypes.Name, BerthClaims.Role);
    }
}
