using Berth.Connections.Storage;
using Berth.Connections.Tokens;

namespace Berth.Connections.UseCases;

/// <summary>
/// API tokens of an organization, as the CLI, the REST API and the dashboard manage them: one set of rules for
/// roles and connections, and every create and revoke audited with the same wording.
/// </summary>
public sealed class TokenUseCases(IConnectionStore store, ITokenStore tokens)
{
    /// <summary>The organization's tokens, oldest first (never their text).</summary>
    public Task<IReadOnlyList<ApiToken>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return tokens.ListAsync(actor.OrganizationId, cancellationToken);
    }

    /// <summary>One page of the organization's tokens, oldest first (never their text).</summary>
    public Task<Paging.Page<ApiToken>> ListPageAsync(Actor actor, Paging.PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return tokens.ListPageAsync(actor.OrganizationId, page, cancellationToken);
    }

    /// <summary>
    /// Creates a token; <see cref="TokenCreation.Issued"/> holds its text, the only copy there will ever be. A ci
    /// token must name its connections, other roles may not.
    /// </summary>
    public async Task<TokenCreation> CreateAsync(Actor actor, string? roleName, IReadOnlyList<string>? connections, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!ApiTokenRoles.TryParse(roleName, out var role))
        {
            return TokenCreation.Invalid("role", $"role must be one of {string.Join(", ", ApiTokenRoles.Names)}");
        }

        var names = (connections ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (role == ApiTokenRole.Ci && names.Count == 0)
        {
            return TokenCreation.Invalid("connections", "a ci token must name the connections it may use");
        }

        if (role != ApiTokenRole.Ci && names.Count > 0)
        {
            return TokenCreation.Invalid("connections", $"only ci tokens are limited to named connections; a {role.Value.ToName()} token may use every connection of its organization");
        }

        var issued = await tokens.CreateAsync(actor.OrganizationId, role.Value, names, string.IsNullOrWhiteSpace(description) ? null : description.Trim(), cancellationToken).ConfigureAwait(false);
        await store.AppendAuditAsync(actor.OrganizationId, actor.Name, "token.create", null, $"{role.Value.ToName()} token {issued.Token.Id:D}", cancellationToken).ConfigureAwait(false);
        return new TokenCreation(issued, null, null);
    }

    /// <summary>The organization's live token with this id; null when absent, revoked or another organization's.</summary>
    public async Task<ApiToken?> FindActiveAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var token = await tokens.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return token is null || token.OrganizationId != actor.OrganizationId || token.IsRevoked ? null : token;
    }

    /// <summary>Revokes one of the organization's live tokens; false when there is no such token.</summary>
    public async Task<bool> RevokeAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        if (await FindActiveAsync(actor, id, cancellationToken).ConfigureAwait(false) is null || !await tokens.RevokeAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await store.AppendAuditAsync(actor.OrganizationId, actor.Name, "token.revoke", null, $"token {id:D}", cancellationToken).ConfigureAwait(false);
        return true;
    }
}
