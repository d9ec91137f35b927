using System.Diagnostics.CodeAnalysis;

namespace Berth.References;

/// <summary>
/// An image tag.
/// <code>
/// tag := /[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/
/// </code>
/// (distribution's <c>[\w][\w.-]{0,127}</c>, with <c>\w</c> meaning ASCII word characters only).
/// </summary>
public readonly record struct Tag
{
    /// <summary>Longest tag the grammar allows.</summary>
    public const int MaxLength = 128;

    private readonly string? _value;

    private Tag(string value) => _value = value;

    public string Value => _value ?? string.Empty;

    /// <summary>The tag used when a reference names neither a tag nor a digest.</summary>
    public static Tag Latest { get; } = new("latest");

    public static Tag Parse(string s)
    {
        if (!TryParse(s, out var tag, out var error))
        {
            throw new ReferenceFormatException("tag", s, error);
        }

        return tag;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, out Tag tag) => TryParse(s, out tag, out _);

    /// <summary>Parses <paramref name="s"/>; on failure <paramref name="error"/> says which rule it breaks.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out Tag tag, [NotNullWhen(false)] out string? error)
    {
        tag = default;
        if (string.IsNullOrEmpty(s))
        {
            error = "tag is empty";
            return false;
        }

        if (!IsWordChar(s[0]))
        {
            error = $"tag '{s}' must start with a letter, digit or '_'";
            return false;
        }

        foreach (var c in s)
        {
            if (!IsWordChar(c) && c is not '.' and not '-')
            {
                error = $"tag '{s}' contains '{c}'; tags may contain only letters, digits, '_', '.' and '-'";
                return false;
            }
        }

        if (s.Length > MaxLength)
        {
            error = $"tag is {s.Length} characters long; the limit is {MaxLength}";
            return false;
        }

        tag = new Tag(s);
        error = null;
        return true;
    }

    public override string ToString() => Value;

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
