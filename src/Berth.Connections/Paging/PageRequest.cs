using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Berth.Connections.Paging;

/// <summary>One page of a list to fetch: how many rows at most, and where it starts (the first page without a cursor).</summary>
public readonly record struct PageRequest(int Limit, PageCursor? Cursor = null)
{
    public const int DefaultLimit = 50;

    /// <summary>The most rows one page may hold: a page stays small however large the list is.</summary>
    public const int MaxLimit = 1000;

    public static PageRequest First(int limit = DefaultLimit) => new(limit);

    /// <summary>
    /// Reads <c>limit</c> and <c>cursor</c> query parameters of the list <paramref name="list"/>; false with the
    /// parameter at fault (<paramref name="field"/>) and why.
    /// </summary>
    public static bool TryParse(string? limit, string? cursor, string list, out PageRequest request, [NotNullWhen(false)] out string? field, [NotNullWhen(false)] out string? error)
    {
        request = default;
        var rows = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out rows) || rows < 1 || rows > MaxLimit))
        {
            (field, error) = ("limit", $"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'");
            return false;
        }

        PageCursor? at = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!PageCursor.TryParse(cursor, list, out var parsed, out var why))
            {
                (field, error) = ("cursor", why);
                return false;
            }

            at = parsed;
        }

        request = new PageRequest(rows, at);
        (field, error) = (null, null);
        return true;
    }
}
