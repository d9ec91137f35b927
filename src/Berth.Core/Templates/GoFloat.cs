using System.Globalization;
using System.Text;

namespace Berth.Templates;

/// <summary>strconv.FormatFloat for the <c>e E f g G</c> formats, built on .NET's exact digit generation.</summary>
internal static class GoFloat
{
    /// <param name="v">The value.</param>
    /// <param name="fmt">'e', 'E', 'f', 'g' or 'G'.</param>
    /// <param name="prec">Digits after the point (e, f) or significant digits (g); -1 for the shortest exact form.</param>
    public static string Format(double v, char fmt, int prec)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        var neg = double.IsNegative(v);
        var abs = Math.Abs(v);
        var sb = new StringBuilder();
        if (neg)
        {
            sb.Append('-');
        }

        var shortest = prec < 0;
        switch (fmt)
        {
            case 'f':
                if (shortest)
                {
                    var (d, dp) = Digits(abs, -1);
                    AppendF(sb, d, dp, Math.Max(d.Length - dp, 0));
                }
                else
                {
                    sb.Append(abs.ToString("F" + prec.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
                }

                return sb.ToString();
            case 'e' or 'E':
                {
                    var (d, dp) = Digits(abs, shortest ? -1 : prec + 1);
                    AppendE(sb, d, dp, shortest ? Math.Max(d.Length - 1, 0) : prec, fmt);
                    return sb.ToString();
                }

            default:
                {
                    if (prec == 0)
                    {
                        prec = 1;
                    }

                    var (d, dp) = Digits(abs, shortest ? -1 : prec);
                    if (shortest)
                    {
                        prec = d.Length;
                    }

                    var eprec = prec;
                    if (eprec > d.Length && d.Length >= dp)
                    {
                        eprec = d.Length;
                    }

                    if (shortest)
                    {
                        eprec = 6; // Go's threshold for switching to exponent form in %v.
                    }

                    var exp = dp - 1;
                    if (d.Length == 0)
                    {
                        exp = 0;
                    }

                    if (exp < -4 || exp >= eprec)
                    {
                        if (prec > d.Length)
                        {
                            prec = d.Length;
                        }

                        AppendE(sb, d, dp, Math.Max(prec - 1, 0), fmt == 'G' ? 'E' : 'e');
                        return sb.ToString();
                    }

                    if (prec > dp)
                    {
                        prec = d.Length;
                    }

                    AppendF(sb, d, dp, Math.Max(prec - dp, 0));
                    return sb.ToString();
                }
        }
    }

    /// <summary>Significant decimal digits (no leading or trailing zeros) and the decimal point position.</summary>
    private static (string Digits, int Dp) Digits(double abs, int significant)
    {
        var text = significant < 0
            ? abs.ToString("R", CultureInfo.InvariantCulture)
            : abs.ToString("E" + (significant - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOfAny(['E', 'e']);
        var exponent = 0;
        var mantissa = text;
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = text[..e];
        }

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intDigits = point < 0 ? mantissa.Length : point;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var dp = intDigits + exponent;
        var lead = 0;
        while (lead < digits.Length && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..].TrimEnd('0');
        dp -= lead;
        return digits.Length == 0 ? ("", 0) : (digits, dp);
    }

    private static void AppendE(StringBuilder sb, string d, int dp, int prec, char e)
    {
        sb.Append(d.Length > 0 ? d[0] : '0');
        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= prec; i++)
            {
                sb.Append(i < d.Length ? d[i] : '0');
            }
        }

        var exp = d.Length == 0 ? 0 : dp - 1;
        sb.Append(e).Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        if (exp < 10)
        {
            sb.Append('0');
        }

        sb.Append(exp.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendF(StringBuilder sb, string d, int dp, int prec)
    {
        if (dp > 0)
        {
            for (var i = 0; i < dp; i++)
            {
                sb.Append(i < d.Length ? d[i] : '0');
            }
        }
        else
        {
            sb.Append('0');
        }

        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= prec; i++)
            {
                var j = dp + i - 1;
                sb.Append(j >= 0 && j < d.Length ? d[j] : '0');
            }
        }
    }
}
