namespace Berth.Connections.Storage;

/// <summary>
/// Which audit rows of an organization to list, newest first: every filter is optional and they combine with AND
/// (each an exact match). Paging is by row id (a keyset cursor), so a page costs the same however deep it is and
/// rows appended meanwhile never shift one: <see cref="Before"/> asks for the page of older rows,
/// <see cref="After"/> for the page of newer rows; at most one of the two.
/// </summary>
public sealed record AuditQuery
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 1000;

    public Guid? ConnectionId { get; init; }

    /// <summary>e.g. <c>connection.verify</c>, <c>token.create</c>.</summary>
    public string? Action { get; init; }

    /// <summary>e.g. <c>token:&lt;id&gt;</c> or <c>cli</c>.</summary>
    public string? Actor { get; init; }

    /// <summary>Only rows with an id below this one (<see cref="AuditPage.OlderCursor"/> of the page before).</summary>
    public long? Before { get; init; }

    /// <summary>Only rows with an id above this one (<see cref="AuditPage.NewerCursor"/> of the page before).</summary>
    public long? After { get; init; }

    /// <summary>Rows per page, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;
}
