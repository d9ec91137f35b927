using System.Text.RegularExpressions;

namespace Berth.Core.Tests.Architecture;

/// <summary>
/// Finds the Berth namespaces a C# source file refers to: <c>using Berth.X</c> (plain, static or alias), fully qualified
/// <c>Berth.X.Type</c> and <c>global::Berth.X</c>, and names qualified from inside the Berth namespace (<c>Content.Platform</c>
/// in a file under <c>namespace Berth.Transfer</c> means <c>Berth.Content.Platform</c>). Comments and string literals are
/// blanked first, so prose and messages that mention a namespace do not count.
/// </summary>
internal static partial class SourceNamespaceScanner
{
    /// <summary>One reference: the second segment of the namespace (<c>Distribution</c> for <c>Berth.Distribution</c>) and its 1-based line.</summary>
    public readonly record struct NamespaceUse(string Name, int Line);

    /// <param name="source">The file's text.</param>
    /// <param name="partiallyQualifiable">Names that, written bare before a dot, resolve to <c>Berth.Name</c> (Core's folders).</param>
    public static IReadOnlyList<NamespaceUse> Uses(string source, IReadOnlySet<string> partiallyQualifiable)
    {
        var code = CodeOnly(source);
        var uses = new List<NamespaceUse>();
        foreach (Match m in Qualified().Matches(code))
        {
            uses.Add(new(m.Groups["name"].Value, LineOf(code, m.Index)));
        }

        foreach (Match m in Bare().Matches(code))
        {
            var name = m.Groups["name"].Value;
            if (partiallyQualifiable.Contains(name))
            {
                uses.Add(new(name, LineOf(code, m.Index)));
            }
        }

        return uses;
    }

    /// <summary>The namespace the file declares (file-scoped or block), or null.</summary>
    public static string? DeclaredNamespace(string source) =>
        Declaration().Match(CodeOnly(source)) is { Success: true } m ? m.Groups["ns"].Value : null;

    /// <summary>
    /// The source with comments, string and character literals replaced by spaces (line breaks kept, so offsets and lines
    /// still match); the code inside interpolation holes stays.
    /// </summary>
    internal static string CodeOnly(string source)
    {
        var code = source.ToCharArray();
        var i = 0;
        Code(source, code, ref i, inHole: false);
        return new string(code);
    }

    /// <summary>Scans code from <paramref name="i"/>; in an interpolation hole, stops at the <c>}</c> that closes it.</summary>
    private static void Code(string s, char[] code, ref int i, bool inHole)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '/' && At(s, i + 1) == '/')
            {
                var end = s.IndexOf('\n', i);
                i = Blank(code, i, end < 0 ? s.Length : end);
            }
            else if (c == '/' && At(s, i + 1) == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = Blank(code, i, end < 0 ? s.Length : end + 2);
            }
            else if (c == '\'')
            {
                var j = i + 1;
                while (j < s.Length && s[j] != '\'' && s[j] != '\n')
                {
                    j += s[j] == '\\' ? 2 : 1;
                }

                i = Blank(code, i, Math.Min(j + 1, s.Length));
            }
            else if (c == '"' || (c is '$' or '@' && !char.IsLetterOrDigit(At(s, i - 1)) && StringFollows(s, i)))
            {
                StringLiteral(s, code, ref i);
            }
            else if (inHole && c == '{')
            {
                depth++;
                i++;
            }
            else if (inHole && c == '}')
            {
                if (depth == 0)
                {
                    return;
                }

                depth--;
                i++;
            }
            else
            {
                i++;
            }
        }
    }

    private static bool StringFollows(string s, int i)
    {
        while (i < s.Length && s[i] is '$' or '@')
        {
            i++;
        }

        return At(s, i) == '"';
    }

    /// <summary>Blanks one string literal (regular, verbatim, raw, any of them interpolated), scanning its holes as code.</summary>
    private static void StringLiteral(string s, char[] code, ref int i)
    {
        var dollars = 0;
        var verbatim = false;
        while (s[i] is '$' or '@')
        {
            dollars += s[i] == '$' ? 1 : 0;
            verbatim |= s[i] == '@';
            code[i++] = ' ';
        }

        var quotes = 0;
        while (At(s, i + quotes) == '"')
        {
            quotes++;
        }

        var raw = quotes >= 3;
        if (!raw)
        {
            quotes = 1;
            if (At(s, i + 1) == '"' && !verbatim)
            {
                i = Blank(code, i, i + 2); // ""
                return;
            }
        }

        i = Blank(code, i, i + quotes);
        while (i < s.Length)
        {
            var c = s[i];
            if (raw && c == '"' && RunLength(s, i, '"') >= quotes)
            {
                i = Blank(code, i, i + quotes);
                return;
            }

            if (!raw && c == '"')
            {
                if (verbatim && At(s, i + 1) == '"')
                {
                    i = Blank(code, i, i + 2);
                    continue;
                }

                i = Blank(code, i, i + 1);
                return;
            }

            if (!raw && !verbatim && c == '\\')
            {
                i = Blank(code, i, Math.Min(i + 2, s.Length));
                continue;
            }

            var braces = c == '{' ? RunLength(s, i, '{') : 0;
            if (dollars > 0 && braces >= Math.Max(dollars, 1) && (raw || braces % 2 == 1))
            {
                // Raw: the last $-count braces open the hole; regular: {{ is a literal brace, an odd run opens one.
                i = Blank(code, i, i + braces);
                Code(s, code, ref i, inHole: true);
                i = Blank(code, i, Math.Min(i + Math.Max(raw ? dollars : 1, 1), s.Length));
                continue;
            }

            i = Blank(code, i, i + Math.Max(braces, 1));
        }
    }

    private static int RunLength(string s, int i, char c)
    {
        var n = 0;
        while (At(s, i + n) == c)
        {
            n++;
        }

        return n;
    }

    private static int Blank(char[] code, int from, int to)
    {
        for (var i = from; i < to && i < code.Length; i++)
        {
            if (code[i] != '\n')
            {
                code[i] = ' ';
            }
        }

        return Math.Min(to, code.Length);
    }

    private static char At(string s, int i) => i >= 0 && i < s.Length ? s[i] : '\0';

    private static int LineOf(string s, int index) => s.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"(?<![\w.])(?:global::)?Berth\.(?<name>[A-Za-z_]\w*)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.:])(?<name>[A-Z]\w*)\.(?=[A-Za-z_])")]
    private static partial Regex Bare();

    [GeneratedRegex(@"^\s*namespace\s+(?<ns>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
