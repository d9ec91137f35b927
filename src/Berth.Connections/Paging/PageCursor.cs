using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Berth.Connections.Paging;

/// <summary>
/// Where a page of a list starts: just after (or, going back, just before) the row with this sort key and id, in
/// the list named by <see cref="List"/>. Callers see it only as an opaque string: base64url of
/// <c>v1 LF list LF direction LF key LF id</c>, where direction is <c>&gt;</c> (after) or <c>&lt;</c> (before).
/// A keyset cursor: a page costs the same however deep it is, and rows added meanwhile never shift one.
/// </summary>
public readonly record struct PageCursor(string List, bool Backward, string Key, string Id)
{
    /// <summary>Longer text is no cursor Berth gave out (its keys are names of at most a few hundred characters).</summary>
    public const int MaxLength = 2048;

    private const string Version = "v1";

    /// <summary>The cursor of the page that follows the row with <paramref name="key"/> and <paramref name="id"/>.</summary>
    public static PageCursor After(string list, string key, string id) => new(list, false, key, id);

    /// <summary>The cursor of the page that ends just before the row with <paramref name="key"/> and <paramref name="id"/>.</summary>
    public static PageCursor Before(string list, string key, string id) => new(list, true, key, id);

    /// <summary>The id as a GUID (registries, tokens, copies); false for any other text.</summary>
    public bool TryGetGuid(out Guid id) => Guid.TryParseExact(Id, "D", out id);

    /// <summary>The id as a row number (audit); false for any other text.</summary>
    public bool TryGetLong(out long id) => long.TryParse(Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id);

    /// <summary>The key as a UTC time (lists newest first: copies, runs); false for any other text.</summary>
    public bool TryGetTime(out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(Key, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>The key text of a time, as <see cref="TryGetTime"/> reads it.</summary>
    public static string TimeKey(DateTimeOffset time) => time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', Version, List, Backward ? "<" : ">", Key, Id)));

    /// <exception cref="FormatException">Not a cursor of the list <paramref name="list"/>.</exception>
    public static PageCursor Parse(string text, string list) =>
        TryParse(text, list, out var cursor, out var error) ? cursor : throw new FormatException(error);

    /// <summary>Reads a cursor given out for <paramref name="list"/>; false with the reason for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, string list, out PageCursor cursor, [NotNullWhen(false)] out string? error)
    {
        cursor = default;
        const string Hint = "pass the cursor from the previous answer's Link header unchanged, or leave it out for the first page";
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            error = $"not a cursor of this list: {Hint}";
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(text));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            error = $"not a cursor of this list: {Hint}";
            return false;
        }

        var parts = decoded.Split('\n');
        if (parts.Length != 5 || parts[0] != Version || parts[2] is not (">" or "<"))
        {
            error = $"not a cursor of this list: {Hint}";
            return false;
        }

        if (!string.Equals(parts[1], list, StringComparison.Ordinal))
        {
            error = $"this cursor belongs to the {parts[1]} list, not {list}: {Hint}";
            return false;
        }

        cursor = new PageCursor(parts[1], parts[2] == "<", parts[3], parts[4]);
        if ((PageLists.HasNumericIds(list) ? !cursor.TryGetLong(out _) : !cursor.TryGetGuid(out _))
            || (PageLists.HasTimeKeys(list) && !cursor.TryGetTime(out _)))
        {
            cursor = default;
            error = $"not a cursor of this list: {Hint}";
            return false;
        }

        error = null;
        return true;
    }
}
