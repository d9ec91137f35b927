namespace Berth.Connections.Tokens;

/// <summary>API tokens (hashes only). Open one with <see cref="TokenStoreFactory.OpenAsync"/>.</summary>
public interface ITokenStore : IAsyncDisposable
{
    /// <summary>Creates a token; the returned <see cref="IssuedApiToken.Secret"/> is the only copy of its text.</summary>
    /// <exception cref="ArgumentException">A ci token without connections, or connections on a non-ci token.</exception>
    Task<IssuedApiToken> CreateAsync(Guid organizationId, ApiTokenRole role, IReadOnlyList<string> connections, string? description, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the first-run admin token for the organization, unless a bootstrap token was ever created in this
    /// database (even if since revoked): then null. Safe when several servers start at once.
    /// </summary>
    Task<IssuedApiToken?> CreateBootstrapAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>The live (not revoked) token with this text, its last use recorded; null for anything else.</summary>
    Task<ApiToken?> AuthenticateAsync(string token, CancellationToken cancellationToken);

    Task<ApiToken?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Tokens of one organization (all organizations when null), oldest first.</summary>
    Task<IReadOnlyList<ApiToken>> ListAsync(Guid? organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// One page of an organization's tokens in the order they were created (by id: ids are time-ordered). Stores
    /// without their own query page the full list.
    /// </summary>
    async Task<Paging.Page<ApiToken>> ListPageAsync(Guid organizationId, Paging.PageRequest page, CancellationToken cancellationToken) =>
        Paging.Page.Of(
            (await ListAsync(organizationId, cancellationToken).ConfigureAwait(false)).OrderBy(t => t.Id.ToString("D"), StringComparer.Ordinal),
            page,
            Paging.PageLists.Tokens,
            t => ("", t.Id.ToString("D")),
            (a, b) => string.CompareOrdinal(a.Id, b.Id));

    /// <summary>
    /// Replaces the connections a live ci token names (a connection was renamed or removed); false when there is no
    /// such live ci token. At least one name is required: a ci token naming none is revoked instead.
    /// </summary>
    Task<bool> SetConnectionsAsync(Guid id, IReadOnlyList<string> connections, CancellationToken cancellationToken);

    /// <summary>Revokes a token; false when there is no such token or it was already revoked.</summary>
    Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken);
}
