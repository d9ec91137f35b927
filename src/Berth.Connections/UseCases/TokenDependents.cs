using Berth.Connections.Tokens;

namespace Berth.Connections.UseCases;

/// <summary>
/// ci tokens name the connections they may use, by name: they depend on those connections. Detaching removes
/// the name from each token, revoking a token left with none (a ci token must name at least one); a rename
/// updates the names.
/// </summary>
public sealed class TokenDependents(ITokenStore tokens) : IConnectionDependents
{
    public const string Kind = "api-token";

    public async Task<IReadOnlyList<ConnectionDependent>> FindAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return (await NamingAsync(connection, connection.Name, cancellationToken).ConfigureAwait(false))
            .Select(t => new ConnectionDependent(Kind, t.Id.ToString("D"),
                // The last eight hex digits: token ids are version 7 (time first), so the first eight repeat.
                $"{t.Role.ToName()} token {t.Id.ToString("N")[^8..]}{(string.IsNullOrWhiteSpace(t.Description) ? "" : $" ({t.Description})")}"))
            .ToList();
    }

    public async Task DetachAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var token in await NamingAsync(connection, connection.Name, cancellationToken).ConfigureAwait(false))
        {
            var rest = token.Connections.Where(c => !Same(c, connection.Name)).ToList();
            if (rest.Count == 0)
            {
                await tokens.RevokeAsync(token.Id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await tokens.SetConnectionsAsync(token.Id, rest, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task RenamedAsync(Connection connection, string oldName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var token in await NamingAsync(connection, oldName, cancellationToken).ConfigureAwait(false))
        {
            var renamed = token.Connections.Select(c => Same(c, oldName) ? connection.Name : c).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            await tokens.SetConnectionsAsync(token.Id, renamed, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<ApiToken>> NamingAsync(Connection connection, string name, CancellationToken cancellationToken) =>
        (await tokens.ListAsync(connection.OrganizationId, cancellationToken).ConfigureAwait(false))
            .Where(t => !t.IsRevoked && t.Connections.Any(c => Same(c, name)))
            .ToList();

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
