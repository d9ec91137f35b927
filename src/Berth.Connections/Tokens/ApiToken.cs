namespace Berth.Connections.Tokens;

/// <summary>
/// An API token as stored: who it belongs to and what it may do. The token text itself is never stored; only
/// its SHA-256 hash is, so this record cannot reveal it.
/// </summary>
public sealed record ApiToken
{
    public required Guid Id { get; init; }

    public required Guid OrganizationId { get; init; }

    public required ApiTokenRole Role { get; init; }

    /// <summary>For <see cref="ApiTokenRole.Ci"/>: the connection names (any case) the token may use.</summary>
    public IReadOnlyList<string> Connections { get; init; } = [];

    public string? Description { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? LastUsed { get; init; }

    public DateTimeOffset? Revoked { get; init; }

    /// <summary>The admin token printed on the server's first run.</summary>
    public bool Bootstrap { get; init; }

    public bool IsRevoked => Revoked is not null;

    /// <summary>Whether a ci token names this connection; admin and member tokens may use every connection.</summary>
    public bool MayUseConnection(string connectionName) =>
        Role != ApiTokenRole.Ci || Connections.Any(c => string.Equals(c, connectionName, StringComparison.OrdinalIgnoreCase));

    public bool Equals(ApiToken? other) =>
        other is not null
        && Id == other.Id
        && OrganizationId == other.OrganizationId
        && Role == other.Role
        && Connections.SequenceEqual(other.Connections, StringComparer.Ordinal)
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Created == other.Created
        && LastUsed == other.LastUsed
        && Revoked == other.Revoked
        && Bootstrap == other.Bootstrap;

    public override int GetHashCode() => HashCode.Combine(Id, OrganizationId, Role, Created);
}
