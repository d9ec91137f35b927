using System.Globalization;
using System.Text;

namespace Berth.Templates;

/// <summary>Go's strconv quoting and unquoting, for <c>%q</c> and for string literals in templates.</summary>
internal static class GoQuote
{
    /// <summary>strconv.Quote (or QuoteToASCII when <paramref name="asciiOnly"/>).</summary>
    public static string Quote(string s, char quote = '"', bool asciiOnly = false)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append(quote);
        foreach (var rune in s.EnumerateRunes())
        {
            AppendEscapedRune(sb, rune.Value, quote, asciiOnly);
        }

        sb.Append(quote);
        return sb.ToString();
    }

    /// <summary>strconv.QuoteRune: a single-quoted character literal.</summary>
    public static string QuoteRune(long value, bool asciiOnly)
    {
        var r = IsValidRune(value) ? (int)value : 0xFFFD;
        var sb = new StringBuilder();
        sb.Append('\'');
        AppendEscapedRune(sb, r, '\'', asciiOnly);
        sb.Append('\'');
        return sb.ToString();
    }

    public static bool IsValidRune(long value) => value is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(int r)
    {
        if (r == ' ')
        {
            return true;
        }

        if (!IsValidRune(r))
        {
            return false;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(r);
        return category switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
    }

    private static void AppendEscapedRune(StringBuilder sb, int r, char quote, bool asciiOnly)
    {
        if (r == quote || r == '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }

        if (asciiOnly ? r < 0x80 && IsPrint(r) : IsPrint(r))
        {
            sb.Append(char.ConvertFromUtf32(r));
            return;
        }

        switch (r)
        {
            case '\a': sb.Append(@"\a"); return;
            case '\b': sb.Append(@"\b"); return;
            case '\f': sb.Append(@"\f"); return;
            case '\n': sb.Append(@"\n"); return;
            case '\r': sb.Append(@"\r"); return;
            case '\t': sb.Append(@"\t"); return;
            case '\v': sb.Append(@"\v"); return;
        }

        if (r < ' ' || r == 0x7F)
        {
            sb.Append(@"\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (r < 0x10000)
        {
            sb.Append(@"\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(@"\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Unquotes a Go interpreted string literal body (between the quotes). Escapes produce bytes, as in Go,
    /// so <c>"\xc3\xa9"</c> is "é"; bytes that are not UTF-8 become U+FFFD.
    /// </summary>
    /// <returns>null and the offset of the bad escape when the literal is malformed.</returns>
    public static string? Unquote(string body, char quote, out int badOffset)
    {
        badOffset = -1;
        var bytes = new List<byte>(body.Length);
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c != '\\')
            {
                // A lone surrogate decodes as U+FFFD, as Go reads a byte that is not UTF-8 (Rune.GetRuneAt threw).
                Rune.DecodeFromUtf16(body.AsSpan(i), out var rune, out var consumed);
                var n = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++)
                {
                    bytes.Add(utf8[k]);
                }

                i += consumed;
                continue;
            }

            var start = i;
            if (i + 1 >= body.Length)
            {
                badOffset = start;
                return null;
            }

            var e = body[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '\'' or '"' when e == quote: bytes.Add((byte)e); break;
                case >= '0' and <= '7':
                    {
                        if (i + 2 > body.Length || !IsOctal(body[i]) || !IsOctal(body[i + 1]))
                        {
                            badOffset = start;
                            return null;
                        }

                        var v = ((e - '0') * 64) + ((body[i] - '0') * 8) + (body[i + 1] - '0');
                        if (v > 255)
                        {
                            badOffset = start;
                            return null;
                        }

                        bytes.Add((byte)v);
                        i += 2;
                        break;
                    }

                case 'x' or 'u' or 'U':
                    {
                        var len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (i + len > body.Length
                            || !long.TryParse(body.AsSpan(i, len), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
                        {
                            badOffset = start;
                            return null;
                        }

                        i += len;
                        if (e == 'x')
                        {
                            bytes.Add((byte)v);
                            break;
                        }

                        if (!IsValidRune(v))
                        {
                            badOffset = start;
                            return null;
                        }

                        var n = new Rune((int)v).EncodeToUtf8(utf8);
                        for (var k = 0; k < n; k++)
                        {
                            bytes.Add(utf8[k]);
                        }

                        break;
                    }

                default:
                    badOffset = start;
                    return null;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
