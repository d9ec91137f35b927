using Berth.Connections.Paging;

namespace Berth.Connections.Storage;

/// <summary>
/// The SQL of a keyset page over (key, id): the condition after or before the cursor's row, the order in the
/// request's direction, and one row more than the page holds (it tells whether more follow).
/// </summary>
internal static class Keyset
{
    /// <param name="keyColumn">The sort key, or null for lists ordered by id alone.</param>
    /// <param name="idColumn">The unique tie-breaker.</param>
    /// <param name="page">The request.</param>
    /// <param name="id">The cursor's id as the dialect stores it.</param>
    public static (string Where, string OrderBy, (string Name, object? Value)[] Parameters) Clause(string? keyColumn, string idColumn, PageRequest page, Func<PageCursor, object> id)
    {
        var direction = page.Cursor is { Backward: true } ? "DESC" : "ASC";
        var order = keyColumn is null ? $" ORDER BY {idColumn} {direction}" : $" ORDER BY {keyColumn} {direction}, {idColumn} {direction}";
        var limit = ("pageLimit", (object?)(page.Limit + 1));
        if (page.Cursor is not { } cursor)
        {
            return ("", order + " LIMIT @pageLimit", [limit]);
        }

        var op = cursor.Backward ? "<" : ">";
        var where = keyColumn is null
            ? $" AND {idColumn} {op} @pageId"
            : $" AND ({keyColumn} {op} @pageKey OR ({keyColumn} = @pageKey AND {idColumn} {op} @pageId))";
        return (where, order + " LIMIT @pageLimit", [("pageKey", cursor.Key), ("pageId", id(cursor)), limit]);
    }
}
