using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Berth.Transfer.Sync;

/// <summary>
/// A semantic version read loosely from an image tag, as registry tags are written:
/// <c>v1.2.3</c>, <c>1.2</c> (= 1.2.0), <c>1</c> (= 1.0.0), <c>1.2.3-rc.1</c>. Ordered by SemVer 2.0
/// precedence (a pre-release sorts before its release; build metadata is ignored).
/// </summary>
/// <remarks>Grammar: <c>[v|V] major [. minor [. patch]] [- prerelease] [+ build]</c>, numbers without sign.</remarks>
public readonly record struct SemanticVersion(int Major, int Minor, int Patch, string Prerelease = "") : IComparable<SemanticVersion>
{
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    public bool IsPrerelease => Prerelease.Length > 0;

    /// <summary>Reads a tag as a version; false for tags such as <c>latest</c> or <c>1.2.3.4</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SemanticVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        if (s[0] is 'v' or 'V')
        {
            s = s[1..];
        }

        var plus = s.IndexOf('+');
        if (plus >= 0)
        {
            s = s[..plus];
        }

        var prerelease = "";
        var dash = s.IndexOf('-');
        if (dash >= 0)
        {
            prerelease = s[(dash + 1)..].ToString();
            s = s[..dash];
            if (prerelease.Length == 0 || prerelease.Split('.').Any(p => p.Length == 0))
            {
                return false;
            }
        }

        Span<int> parts = stackalloc int[3];
        var count = 0;
        foreach (var range in s.Split('.'))
        {
            if (count == 3 || !TryNumber(s[range], out parts[count]))
            {
                return false;
            }

            count++;
        }

        if (count == 0)
        {
            return false;
        }

        version = new SemanticVersion(parts[0], parts[1], parts[2], prerelease);
        return true;
    }

    internal static bool TryNumber(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        return s.Length > 0 && s.Length <= 9 && !s.ContainsAnyExcept(Digits)
            && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public int CompareTo(SemanticVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        return c != 0 ? c : ComparePrerelease(Prerelease, other.Prerelease);
    }

    /// <summary>SemVer 2.0 §11: no pre-release ranks higher; identifiers compare numerically when numeric, else ordinally.</summary>
    private static int ComparePrerelease(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return b.Length.CompareTo(a.Length);
        }

        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var xn = TryNumber(x[i], out var xi);
            var yn = TryNumber(y[i], out var yi);
            var c = (xn, yn) switch
            {
                (true, true) => xi.CompareTo(yi),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x[i], y[i]),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}") + (IsPrerelease ? "-" + Prerelease : "");
}
