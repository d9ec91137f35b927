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
    /// <param name="key">The cursor's key as the dialect stores it (null: the key's text, for text columns).</param>
    /// <param name="descending">Whether the list runs from the largest key down (newest first).</param>
    public static (string Where, string OrderBy, (string Name, object? Value)[] Parameters) Clause(
        string? keyColumn, string idColumn, PageRequest page, Func<PageCursor, object> id, Func<PageCursor, object>? key = null, bool descending = false)
    {
        // Going back walks the list's order the other way round; Page.FromRows turns the rows back.
        var reverse = page.Cursor is { Backward: true } != descending;
        var direction = reverse ? "DESC" : "ASC";
        var order = keyColumn is null ? $" ORDER BY {idColumn} {direction}" : $" ORDER BY {keyColumn} {direction}, {idColumn} {direction}";
        var limit = ("pageLimit", (object?)(page.Limit + 1));
        if (page.Cursor is not { } cursor)
        {
            return ("", order + " LIMIT @pageLimit", [limit]);
        }

        var op = reverse ? "<" : ">";
        var where = keyColumn is null
            ? $" AND {idColumn} {op} @pageId"
            : $" AND ({keyColumn} {op} @pageKey OR ({keyColumn} = @pageKey AND {idColumn} {op} @pageId))";
        return (where, order + " LIMIT @pageLimit", [("pageKey", key is null ? cursor.Key : key(cursor)), ("pageId", id(cursor)), limit]);
    }
}
