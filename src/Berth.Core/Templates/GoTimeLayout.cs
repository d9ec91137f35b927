using System.Globalization;
using System.Text;

namespace Berth.Templates;

/// <summary>
/// Go's layout formatting: the layout is the reference time <c>Mon Jan 2 15:04:05 MST 2006</c> written the
/// way the result should look. Tokens are recognised by the same left-to-right rules Go's time package uses,
/// so <c>"Month"</c> is literal (lower-case letter after <c>Mon</c>) and <c>"_2006"</c> is a literal underscore
/// followed by the year.
/// </summary>
internal static class GoTimeLayout
{
    private static readonly string[] LongDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private static readonly string[] LongMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    internal static string MonthName(long month) =>
        month is >= 1 and <= 12 ? LongMonths[month - 1] : "%!Month(" + month.ToString(CultureInfo.InvariantCulture) + ")";

    internal static string DayName(long day) =>
        day is >= 0 and <= 6 ? LongDays[day] : "%!Weekday(" + day.ToString(CultureInfo.InvariantCulture) + ")";

    public static string Format(GoTime time, string layout)
    {
        var t = time.Instant;
        var sb = new StringBuilder(layout.Length + 10);
        var i = 0;
        while (i < layout.Length)
        {
            var (start, token, length, digits, separator) = NextToken(layout, i);
            sb.Append(layout, i, start - i);
            if (token == LayoutToken.None)
            {
                break;
            }

            i = start + length;
            switch (token)
            {
                case LayoutToken.Year:
                    AppendInt(sb, Math.Abs(t.Year) % 100, 2);
                    break;
                case LayoutToken.LongYear:
                    AppendInt(sb, t.Year, 4);
                    break;
                case LayoutToken.Month:
                    sb.Append(LongMonths[t.Month - 1], 0, 3);
                    break;
                case LayoutToken.LongMonth:
                    sb.Append(LongMonths[t.Month - 1]);
                    break;
                case LayoutToken.NumMonth:
                    AppendInt(sb, t.Month, 0);
                    break;
                case LayoutToken.ZeroMonth:
                    AppendInt(sb, t.Month, 2);
                    break;
                case LayoutToken.WeekDay:
                    sb.Append(LongDays[(int)t.DayOfWeek], 0, 3);
                    break;
                case LayoutToken.LongWeekDay:
                    sb.Append(LongDays[(int)t.DayOfWeek]);
                    break;
                case LayoutToken.Day:
                    AppendInt(sb, t.Day, 0);
                    break;
                case LayoutToken.UnderDay:
                    if (t.Day < 10)
                    {
                        sb.Append(' ');
                    }

                    AppendInt(sb, t.Day, 0);
                    break;
                case LayoutToken.ZeroDay:
                    AppendInt(sb, t.Day, 2);
                    break;
                case LayoutToken.UnderYearDay:
                    if (t.DayOfYear < 100)
                    {
                        sb.Append(t.DayOfYear < 10 ? "  " : " ");
                    }

                    AppendInt(sb, t.DayOfYear, 0);
                    break;
                case LayoutToken.ZeroYearDay:
                    AppendInt(sb, t.DayOfYear, 3);
                    break;
                case LayoutToken.Hour:
                    AppendInt(sb, t.Hour, 2);
                    break;
                case LayoutToken.Hour12:
                    AppendInt(sb, Hour12(t.Hour), 0);
                    break;
                case LayoutToken.ZeroHour12:
                    AppendInt(sb, Hour12(t.Hour), 2);
                    break;
                case LayoutToken.Minute:
                    AppendInt(sb, t.Minute, 0);
                    break;
                case LayoutToken.ZeroMinute:
                    AppendInt(sb, t.Minute, 2);
                    break;
                case LayoutToken.Second:
                    AppendInt(sb, t.Second, 0);
                    break;
                case LayoutToken.ZeroSecond:
                    AppendInt(sb, t.Second, 2);
                    break;
                case LayoutToken.PM:
                    sb.Append(t.Hour >= 12 ? "PM" : "AM");
                    break;
                case LayoutToken.LowerPM:
                    sb.Append(t.Hour >= 12 ? "pm" : "am");
                    break;
                case LayoutToken.TZ:
                    if (time.ZoneName.Length > 0)
                    {
                        sb.Append(time.ZoneName);
                    }
                    else
                    {
                        // No zone name: Go prints the numeric offset instead.
                        AppendOffset(sb, t.Offset, LayoutToken.NumTZ);
                    }

                    break;
                case LayoutToken.FracSecond0:
                case LayoutToken.FracSecond9:
                    AppendFraction(sb, time.Nanosecond, digits, separator, token == LayoutToken.FracSecond9);
                    break;
                default:
                    if (IsIso8601(token) && t.Offset == TimeSpan.Zero)
                    {
                        sb.Append('Z');
                    }
                    else
                    {
                        AppendOffset(sb, t.Offset, token);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    private static int Hour12(int hour) => hour % 12 == 0 ? 12 : hour % 12;

    private static bool IsIso8601(LayoutToken token) => token is LayoutToken.Iso8601TZ or LayoutToken.Iso8601SecondsTZ
        or LayoutToken.Iso8601ShortTZ or LayoutToken.Iso8601ColonTZ or LayoutToken.Iso8601ColonSecondsTZ;

    private static void AppendOffset(StringBuilder sb, TimeSpan offset, LayoutToken token)
    {
        var totalSeconds = (int)offset.TotalSeconds;
        var negative = totalSeconds < 0;
        var abs = Math.Abs(totalSeconds);
        var minutes = abs / 60;
        sb.Append(negative ? '-' : '+');
        AppendInt(sb, minutes / 60, 2);
        var colon = token is LayoutToken.Iso8601ColonTZ or LayoutToken.NumColonTZ or LayoutToken.Iso8601ColonSecondsTZ or LayoutToken.NumColonSecondsTZ;
        if (colon)
        {
            sb.Append(':');
        }

        if (token is not LayoutToken.NumShortTZ and not LayoutToken.Iso8601ShortTZ)
        {
            AppendInt(sb, minutes % 60, 2);
        }

        if (token is LayoutToken.Iso8601SecondsTZ or LayoutToken.NumSecondsTZ or LayoutToken.NumColonSecondsTZ or LayoutToken.Iso8601ColonSecondsTZ)
        {
            if (colon)
            {
                sb.Append(':');
            }

            AppendInt(sb, abs % 60, 2);
        }
    }

    private static void AppendFraction(StringBuilder sb, int nanos, int digits, char separator, bool trim)
    {
        if (trim && (digits == 0 || nanos == 0))
        {
            return;
        }

        var all = nanos.ToString("D9", CultureInfo.InvariantCulture);
        var frac = digits < 9 ? all[..digits] : all;
        if (trim)
        {
            frac = frac.TrimEnd('0');
            if (frac.Length == 0)
            {
                return;
            }
        }

        sb.Append(separator).Append(frac);
    }

    private static void AppendInt(StringBuilder sb, int value, int width)
    {
        if (value < 0)
        {
            sb.Append('-');
            value = -value;
        }

        var digits = value.ToString(CultureInfo.InvariantCulture);
        for (var pad = width - digits.Length; pad > 0; pad--)
        {
            sb.Append('0');
        }

        sb.Append(digits);
    }

    private static bool IsLower(string s, int i) => i < s.Length && s[i] is >= 'a' and <= 'z';

    private static bool IsDigit(string s, int i) => i < s.Length && s[i] is >= '0' and <= '9';

    private static bool At(string s, int i, string what) => i + what.Length <= s.Length && string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    /// <summary>Finds the next token at or after <paramref name="from"/>, following Go's nextStdChunk rules.</summary>
    private static (int Start, LayoutToken Token, int Length, int Digits, char Separator) NextToken(string s, int from)
    {
        for (var i = from; i < s.Length; i++)
        {
            switch (s[i])
            {
                case 'J':
                    if (At(s, i, "January"))
                    {
                        return (i, LayoutToken.LongMonth, 7, 0, '.');
                    }

                    if (At(s, i, "Jan") && !IsLower(s, i + 3))
                    {
                        return (i, LayoutToken.Month, 3, 0, '.');
                    }

                    break;
                case 'M':
                    if (At(s, i, "Monday"))
                    {
                        return (i, LayoutToken.LongWeekDay, 6, 0, '.');
                    }

                    if (At(s, i, "Mon") && !IsLower(s, i + 3))
                    {
                        return (i, LayoutToken.WeekDay, 3, 0, '.');
                    }

                    if (At(s, i, "MST"))
                    {
                        return (i, LayoutToken.TZ, 3, 0, '.');
                    }

                    break;
                case '0':
                    if (i + 1 < s.Length && s[i + 1] is >= '1' and <= '6')
                    {
                        LayoutToken[] zeroTokens = [LayoutToken.ZeroMonth, LayoutToken.ZeroDay, LayoutToken.ZeroHour12, LayoutToken.ZeroMinute, LayoutToken.ZeroSecond, LayoutToken.Year];
                        return (i, zeroTokens[s[i + 1] - '1'], 2, 0, '.');
                    }

                    if (At(s, i, "002"))
                    {
                        return (i, LayoutToken.ZeroYearDay, 3, 0, '.');
                    }

                    break;
                case '1':
                    return At(s, i, "15") ? (i, LayoutToken.Hour, 2, 0, '.') : (i, LayoutToken.NumMonth, 1, 0, '.');
                case '2':
                    return At(s, i, "2006") ? (i, LayoutToken.LongYear, 4, 0, '.') : (i, LayoutToken.Day, 1, 0, '.');
                case '_':
                    if (At(s, i, "_2"))
                    {
                        // "_2006" is a literal underscore followed by the long year.
                        return At(s, i + 1, "2006") ? (i + 1, LayoutToken.LongYear, 4, 0, '.') : (i, LayoutToken.UnderDay, 2, 0, '.');
                    }

                    if (At(s, i, "__2"))
                    {
                        return (i, LayoutToken.UnderYearDay, 3, 0, '.');
                    }

                    break;
                case '3':
                    return (i, LayoutToken.Hour12, 1, 0, '.');
                case '4':
                    return (i, LayoutToken.Minute, 1, 0, '.');
                case '5':
                    return (i, LayoutToken.Second, 1, 0, '.');
                case 'P':
                    if (At(s, i, "PM"))
                    {
                        return (i, LayoutToken.PM, 2, 0, '.');
                    }

                    break;
                case 'p':
                    if (At(s, i, "pm"))
                    {
                        return (i, LayoutToken.LowerPM, 2, 0, '.');
                    }

                    break;
                case '-':
                    foreach (var (text, token) in NumericZones)
                    {
                        if (At(s, i, text))
                        {
                            return (i, token, text.Length, 0, '.');
                        }
                    }

                    break;
                case 'Z':
                    foreach (var (text, token) in IsoZones)
                    {
                        if (At(s, i, text))
                        {
                            return (i, token, text.Length, 0, '.');
                        }
                    }

                    break;
                case '.':
                case ',':
                    if (i + 1 < s.Length && s[i + 1] is '0' or '9')
                    {
                        var ch = s[i + 1];
                        var j = i + 1;
                        while (j < s.Length && s[j] == ch)
                        {
                            j++;
                        }

                        // Only a run of digits ending here is a fraction: ".000" yes, ".0001" no.
                        if (!IsDigit(s, j))
                        {
                            var token = ch == '0' ? LayoutToken.FracSecond0 : LayoutToken.FracSecond9;
                            return (i, token, j - i, j - (i + 1), s[i]);
                        }
                    }

                    break;
            }
        }

        return (s.Length, LayoutToken.None, 0, 0, '.');
    }

    // Longest first, as Go checks them.
    private static readonly (string, LayoutToken)[] NumericZones =
    [
        ("-070000", LayoutToken.NumSecondsTZ), ("-07:00:00", LayoutToken.NumColonSecondsTZ), ("-0700", LayoutToken.NumTZ),
        ("-07:00", LayoutToken.NumColonTZ), ("-07", LayoutToken.NumShortTZ),
    ];

    private static readonly (string, LayoutToken)[] IsoZones =
    [
        ("Z070000", LayoutToken.Iso8601SecondsTZ), ("Z07:00:00", LayoutToken.Iso8601ColonSecondsTZ), ("Z0700", LayoutToken.Iso8601TZ),
        ("Z07:00", LayoutToken.Iso8601ColonTZ), ("Z07", LayoutToken.Iso8601ShortTZ),
    ];

    private enum LayoutToken
    {
        None,
        LongMonth,
        Month,
        NumMonth,
        ZeroMonth,
        LongWeekDay,
        WeekDay,
        Day,
        UnderDay,
        ZeroDay,
        UnderYearDay,
        ZeroYearDay,
        Hour,
        Hour12,
        ZeroHour12,
        Minute,
        ZeroMinute,
        Second,
        ZeroSecond,
        LongYear,
        Year,
        PM,
        LowerPM,
        TZ,
        Iso8601TZ,
        Iso8601SecondsTZ,
        Iso8601ShortTZ,
        Iso8601ColonTZ,
        Iso8601ColonSecondsTZ,
        NumTZ,
        NumSecondsTZ,
        NumShortTZ,
        NumColonTZ,
        NumColonSecondsTZ,
        FracSecond0,
        FracSecond9,
    }
}
