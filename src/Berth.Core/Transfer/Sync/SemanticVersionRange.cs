using System.Text.RegularExpressions;

namespace Berth.Transfer.Sync;

/// <summary>
/// A version range over tags, in the npm / Masterminds syntax skopeo sync uses:
/// <code>
/// range      = set *( "||" set )
/// set        = comparison *( ( " " / "," ) comparison ) / partial " - " partial
/// comparison = [ "=" / "!=" / "&gt;" / "&gt;=" / "&lt;" / "&lt;=" / "~" / "~&gt;" / "^" ] partial
/// partial    = [ "v" ] ( "*" / "x" / N [ "." ( "x" / N ) [ "." ( "x" / N ) ] ] ) [ "-" prerelease ]
/// </code>
/// <c>1.x</c> and <c>1.2</c> mean every 1.* or 1.2.* version; <c>~1.2.3</c> = <c>&gt;=1.2.3 &lt;1.3.0</c>;
/// <c>^1.2</c> = <c>&gt;=1.2.0 &lt;2.0.0</c> (<c>^0.2.3</c> = <c>&gt;=0.2.3 &lt;0.3.0</c>); <c>&gt;1.2</c> = <c>&gt;=1.3.0</c>
/// and <c>&lt;=1.2</c> = <c>&lt;1.3.0</c>. A pre-release version (<c>1.3.0-rc.1</c>) matches only when a comparison
/// in its set names a pre-release of the same major.minor.patch, as in npm.
/// </summary>
public sealed partial class SemanticVersionRange
{
    private readonly IReadOnlyList<Set> _sets;

    private SemanticVersionRange(string text, IReadOnlyList<Set> sets)
    {
        Text = text;
        _sets = sets;
    }

    public string Text { get; }

    public bool IsMatch(SemanticVersion version) => _sets.Any(s => s.IsMatch(version));

    /// <summary>True when the tag reads as a version inside the range; tags such as <c>latest</c> never match.</summary>
    public bool IsMatch(string tag) => SemanticVersion.TryParse(tag, out var version) && IsMatch(version);

    public static SemanticVersionRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Length == 0)
        {
            throw Invalid(text, "it is empty");
        }

        var sets = new List<Set>();
        foreach (var part in text.Split("||"))
        {
            sets.Add(ParseSet(text, part));
        }

        return new SemanticVersionRange(text, sets);
    }

    private static Set ParseSet(string range, string text)
    {
        // ">= 1.2, < 2" → ">=1.2 <2": operators bind to the version that follows them.
        var normalized = OperatorSpace().Replace(text.Replace(',', ' '), "$1");
        var tokens = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            throw Invalid(range, "one of its '||' alternatives is empty");
        }

        var set = new Set();
        if (tokens.Length == 3 && tokens[1] == "-")
        {
            var low = ParsePartial(range, tokens[0]);
            var high = ParsePartial(range, tokens[2]);
            set.Add(v => v >= low.Floor, low);
            if (!high.IsAny)
            {
                set.Add(high.IsFull ? v => v <= high.Floor : v => v < high.Ceiling, high);
            }

            return set;
        }

        foreach (var token in tokens)
        {
            var op = OperatorOf(token);
            var partial = ParsePartial(range, token[op.Length..]);
            AddComparison(range, set, op, partial);
        }

        return set;
    }

    private static void AddComparison(string range, Set set, string op, Partial p)
    {
        switch (op)
        {
            case "" or "=":
                if (!p.IsAny)
                {
                    set.Add(p.IsFull ? v => v == p.Floor : v => v >= p.Floor && v < p.Ceiling, p);
                }

                break;
            case "!=":
                set.Add(p.IsAny ? _ => false : p.IsFull ? v => v != p.Floor : v => v < p.Floor || v >= p.Ceiling, p);
                break;
            case ">":
                set.Add(p.IsAny ? _ => false : p.IsFull ? v => v > p.Floor : v => v >= p.Ceiling, p);
                break;
            case ">=" or "=>":
                set.Add(v => v >= p.Floor, p);
                break;
            case "<":
                set.Add(p.IsAny ? _ => false : v => v < p.Floor, p);
                break;
            case "<=" or "=<":
                if (!p.IsAny)
                {
                    set.Add(p.IsFull ? v => v <= p.Floor : v => v < p.Ceiling, p);
                }

                break;
            case "~" or "~>":
                if (!p.IsAny)
                {
                    var tildeCeiling = p.Minor is null ? new SemanticVersion(p.Major!.Value + 1, 0, 0) : new SemanticVersion(p.Major!.Value, p.Minor.Value + 1, 0);
                    set.Add(v => v >= p.Floor && v < tildeCeiling, p);
                }

                break;
            case "^":
                if (!p.IsAny)
                {
                    var caretCeiling = p switch
                    {
                        { Major: > 0 } or { Minor: null } => new SemanticVersion(p.Major!.Value + 1, 0, 0),
                        { Minor: > 0 } or { Patch: null } => new SemanticVersion(0, p.Minor.Value + 1, 0),
                        _ => new SemanticVersion(0, 0, p.Patch.Value + 1),
                    };
                    set.Add(v => v >= p.Floor && v < caretCeiling, p);
                }

                break;
            default:
                throw Invalid(range, $"'{op}' is not a comparison operator");
        }
    }

    private static string OperatorOf(string token)
    {
        foreach (var op in (string[])["!=", ">=", "=>", "<=", "=<", "~>", ">", "<", "=", "~", "^"])
        {
            if (token.StartsWith(op, StringComparison.Ordinal))
            {
                return op;
            }
        }

        return "";
    }

    private static Partial ParsePartial(string range, string text)
    {
        var s = text;
        if (s.StartsWith('v') || s.StartsWith('V'))
        {
            s = s[1..];
        }

        var pre = "";
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            pre = s[(dash + 1)..];
            s = s[..dash];
        }

        var parts = s.Split('.');
        if (s.Length == 0 || parts.Length > 3 || pre.Split('.').Any(p => p.Length == 0) && pre.Length > 0 || dash >= 0 && pre.Length == 0)
        {
            throw Invalid(range, $"'{text}' is not a version");
        }

        var numbers = new int?[3];
        var wildcard = false;
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is "x" or "X" or "*")
            {
                wildcard = true;
            }
            else if (wildcard || !SemanticVersion.TryNumber(parts[i], out var n))
            {
                throw Invalid(range, $"'{text}' is not a version");
            }
            else
            {
                numbers[i] = n;
            }
        }

        if (pre.Length > 0 && numbers[2] is null)
        {
            throw Invalid(range, $"'{text}' has a pre-release but no patch number");
        }

        return new Partial(numbers[0], numbers[1], numbers[2], pre);
    }

    private static FormatException Invalid(string range, string why) =>
        new($"semver range '{range}' cannot be read: {why}; write e.g. '>=1.2 <2', '^1.2', '~1.2.3' or '1.x'");

    public override string ToString() => Text;

    [GeneratedRegex(@"(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)\s+")]
    private static partial Regex OperatorSpace();

    /// <summary>A version with trailing parts possibly missing or wildcards.</summary>
    private sealed record Partial(int? Major, int? Minor, int? Patch, string Prerelease)
    {
        public bool IsAny => Major is null;

        public bool IsFull => Patch is not null;

        /// <summary>The lowest version the partial covers (missing parts are 0).</summary>
        public SemanticVersion Floor => new(Major ?? 0, Minor ?? 0, Patch ?? 0, Prerelease);

        /// <summary>The first version past what a partial covers: 1 → 2.0.0, 1.2 → 1.3.0.</summary>
        public SemanticVersion Ceiling => Minor is null ? new(Major!.Value + 1, 0, 0) : new(Major!.Value, Minor.Value + 1, 0);
    }

    /// <summary>Comparisons that must all hold, and the release triples whose pre-releases they admit.</summary>
    private sealed class Set
    {
        private readonly List<Func<SemanticVersion, bool>> _tests = [];
        private readonly HashSet<(int, int, int)> _prereleasesOf = [];

        public void Add(Func<SemanticVersion, bool> test, Partial from)
        {
            _tests.Add(test);
            if (from.Prerelease.Length > 0)
            {
                _prereleasesOf.Add((from.Major!.Value, from.Minor!.Value, from.Patch!.Value));
            }
        }

        public bool IsMatch(SemanticVersion v) =>
            (!v.IsPrerelease || _prereleasesOf.Contains((v.Major, v.Minor, v.Patch))) && _tests.All(t => t(v));
    }
}
