using System.Text;

namespace Berth.Auth;

/// <summary>
/// One <c>WWW-Authenticate</c> challenge (RFC 7235): a scheme and its parameters.
/// </summary>
/// <remarks>
/// Grammar: <c>challenge = scheme [ 1*SP ( token68 / #auth-param ) ]</c>,
/// <c>auth-param = token BWS "=" BWS ( token / quoted-string )</c>. Quoted strings may hold commas
/// (<c>scope="repository:a/b:pull,push"</c>), so the header cannot be split on commas naively.
/// </remarks>
public sealed class AuthChallenge
{
    private AuthChallenge(string scheme, IReadOnlyDictionary<string, string> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    public string Scheme { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Get("realm");

    public string? Service => Get("service");

    public string? Scope => Get("scope");

    /// <summary>Docker's <c>error="insufficient_scope"</c> and friends.</summary>
    public string? Error => Get("error");

    public string? Get(string name) => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>Parses every challenge in one or more header values.</summary>
    public static IReadOnlyList<AuthChallenge> ParseAll(IEnumerable<string> headerValues)
    {
        var result = new List<AuthChallenge>();
        foreach (var value in headerValues)
        {
            result.AddRange(ParseAll(value));
        }

        return result;
    }

    public static IReadOnlyList<AuthChallenge> ParseAll(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var challenges = new List<AuthChallenge>();
        var pos = 0;
        string? scheme = null;
        var parameters = NewParameters();

        while (true)
        {
            SkipSeparators(header, ref pos);
            if (pos >= header.Length)
            {
                break;
            }

            var token = ReadToken(header, ref pos);
            if (token.Length == 0)
            {
                // Not a token character: skip it rather than loop forever on junk.
                pos++;
                continue;
            }

            SkipSpaces(header, ref pos);
            if (pos < header.Length && header[pos] == '=' && scheme is not null)
            {
                pos++;
                SkipSpaces(header, ref pos);
                var value = pos < header.Length && header[pos] == '"' ? ReadQuoted(header, ref pos) : ReadToken(header, ref pos);
                parameters[token] = value;
                continue;
            }

            if (scheme is not null)
            {
                challenges.Add(new AuthChallenge(scheme, parameters));
                parameters = NewParameters();
            }

            scheme = token;
        }

        if (scheme is not null)
        {
            challenges.Add(new AuthChallenge(scheme, parameters));
        }

        return challenges;
    }

    private static Dictionary<string, string> NewParameters() => new(StringComparer.OrdinalIgnoreCase);

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~/:".Contains(c, StringComparison.Ordinal);

    private static string ReadToken(string s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && IsTokenChar(s[pos]))
        {
            pos++;
        }

        return s[start..pos];
    }

    private static string ReadQuoted(string s, ref int pos)
    {
        var sb = new StringBuilder();
        pos++; // opening quote
        while (pos < s.Length)
        {
            var c = s[pos++];
            if (c == '\\' && pos < s.Length)
            {
                sb.Append(s[pos++]);
            }
            else if (c == '"')
            {
                break;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static void SkipSpaces(string s, ref int pos)
    {
        while (pos < s.Length && (s[pos] == ' ' || s[pos] == '\t'))
        {
            pos++;
        }
    }

    private static void SkipSeparators(string s, ref int pos)
    {
        while (pos < s.Length && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == ','))
        {
            pos++;
        }
    }

    public override string ToString() =>
        Scheme + " " + string.Join(",", Parameters.Select(p => $"{p.Key}=\"{p.Value}\""));
}
