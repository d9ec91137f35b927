using System.Text;

namespace Berth.Templates;

/// <summary>
/// Makes rendered text a valid image tag, as Codeship does: characters a tag may not hold are stripped (not
/// replaced), then leading <c>.</c> and <c>-</c> (a tag must start with a letter, digit or <c>_</c>), then the
/// result is cut to 128 characters. The tag grammar is <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.
/// </summary>
public static class TagSanitizer
{
    /// <summary>The longest tag a registry accepts.</summary>
    public const int MaxLength = 128;

    /// <summary>Returns the tag made from <paramref name="raw"/>; empty when nothing usable remains.</summary>
    public static string Sanitize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var sb = new StringBuilder(Math.Min(raw.Length, MaxLength));
        foreach (var c in raw)
        {
            if (sb.Length == MaxLength)
            {
                break;
            }

            var allowed = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'
                || (sb.Length > 0 && c is '.' or '-');
            if (allowed)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Whether <paramref name="tag"/> already matches the tag grammar.</summary>
    public static bool IsValid(string tag) =>
        !string.IsNullOrEmpty(tag) && tag.Length <= MaxLength && Sanitize(tag) == tag;
}
