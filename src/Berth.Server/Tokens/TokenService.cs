using Berth.Connections.Tokens;
using Berth.Server.Auth;
using Berth.Server.Hosting;

namespace Berth.Server.Tokens;

/// <summary>
/// API tokens of the caller's organization, as the REST API and the dashboard manage them: one set of rules for
/// roles and connections, and every create and revoke audited with the same wording.
/// </summary>
internal sealed class TokenService(ServerStores stores)
{
    /// <summary>The organization's tokens, oldest first (never their text).</summary>
    public Task<IReadOnlyList<ApiToken>> ListAsync(Caller caller, CancellationToken ct) =>
        stores.Tokens.ListAsync(caller.OrganizationId, ct);

    /// <summary>
    /// Creates a token; <see cref="TokenCreation.Issued"/> holds its text, the only copy there will ever be. A ci
    /// token must name its registries, other roles may not.
    /// </summary>
    public async Task<TokenCreation> CreateAsync(Caller caller, string? roleName, IReadOnlyList<string>? connections, string? description, CancellationToken ct)
    {
        if (!ApiTokenRoles.TryParse(roleName, out var role))
        {
            return TokenCreation.Invalid("role", $"role must be one of {string.Join(", ", ApiTokenRoles.Names)}");
        }

        var names = (connections ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (role == ApiTokenRole.Ci && names.Count == 0)
        {
            return TokenCreation.Invalid("connections", "a ci token must name the registries it may use");
        }

        if (role != ApiTokenRole.Ci && names.Count > 0)
        {
            return TokenCreation.Invalid("connections", "only ci tokens are limited to named registries");
        }

        var issued = await stores.Tokens.CreateAsync(caller.OrganizationId, role.Value, names, string.IsNullOrWhiteSpace(description) ? null : description.Trim(), ct).ConfigureAwait(false);
        await stores.Connections.AppendAuditAsync(caller.OrganizationId, caller.Actor, "token.create", null, $"{role.Value.ToName()} token {issued.Token.Id:D}", ct).ConfigureAwait(false);
        return new TokenCreation(issued, null, null);
    }

    /// <summary>The organization's live token with this id; null when absent, revoked or another organization's.</summary>
    public async Task<ApiToken?> FindActiveAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var token = await stores.Tokens.GetAsync(id, ct).ConfigureAwait(false);
        return token is null || token.OrganizationId != caller.OrganizationId || token.IsRevoked ? null : token;
    }

    /// <summary>Revokes one of the organization's live tokens; false when there is no such token.</summary>
    public async Task<bool> RevokeAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (await FindActiveAsync(caller, id, ct).ConfigureAwait(false) is null || !await stores.Tokens.RevokeAsync(id, ct).ConfigureAwait(false))
        {
            return false;
        }

        await stores.Connections.AppendAuditAsync(caller.OrganizationId, caller.Actor, "token.revoke", null, $"token {id:D}", ct).ConfigureAwait(false);
        return true;
    }
}
