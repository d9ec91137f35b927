namespace Berth.Connections.Paging;

/// <summary>One page of a list in its stable order, with the cursors of the pages after and before it (null: none).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, PageCursor? Next, PageCursor? Previous);

/// <summary>Builds <see cref="Page{T}"/>s: from rows a keyset query read, or from a list held in memory.</summary>
public static class Page
{
    /// <summary>
    /// The page from up to <c>Limit + 1</c> rows read in the request's direction (backwards: in reverse order); the
    /// extra row only tells whether there is more that way.
    /// </summary>
    public static Page<T> FromRows<T>(IReadOnlyList<T> rows, PageRequest request, string list, Func<T, (string Key, string Id)> keyOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(keyOf);
        var more = rows.Count > request.Limit;
        var items = rows.Take(request.Limit).ToList();
        var backward = request.Cursor is { Backward: true };
        if (backward)
        {
            items.Reverse();
        }

        PageCursor After(T row)
        {
            var (key, id) = keyOf(row);
            return PageCursor.After(list, key, id);
        }

        PageCursor Before(T row)
        {
            var (key, id) = keyOf(row);
            return PageCursor.Before(list, key, id);
        }

        if (items.Count == 0)
        {
            // Past either end: the way back is the cursor's own row.
            return request.Cursor is { } c
                ? new Page<T>(items, c.Backward ? PageCursor.After(list, c.Key, c.Id) : null, c.Backward ? null : PageCursor.Before(list, c.Key, c.Id))
                : new Page<T>(items, null, null);
        }

        return backward
            ? new Page<T>(items, After(items[^1]), more ? Before(items[0]) : null)
            : new Page<T>(items, more ? After(items[^1]) : null, request.Cursor is null ? null : Before(items[0]));
    }

    /// <summary>A page of a list held in memory, already in its stable order (<paramref name="compare"/> orders keys the same way).</summary>
    public static Page<T> Of<T>(IEnumerable<T> ordered, PageRequest request, string list, Func<T, (string Key, string Id)> keyOf, Comparison<(string Key, string Id)> compare)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(compare);
        var all = ordered.ToList();
        if (request.Cursor is not { } cursor)
        {
            return FromRows(all.Take(request.Limit + 1).ToList(), request, list, keyOf);
        }

        var at = (cursor.Key, cursor.Id);
        var rows = cursor.Backward
            ? all.Where(r => compare(keyOf(r), at) < 0).Reverse().Take(request.Limit + 1).ToList()
            : all.Where(r => compare(keyOf(r), at) > 0).Take(request.Limit + 1).ToList();
        return FromRows(rows, request, list, keyOf);
    }
}
