using System.Globalization;
using System.Text;

namespace Berth.Templates;

/// <summary>
/// Go's fmt for the template value set: <c>Sprint</c>, <c>Sprintln</c> and <c>Sprintf</c> with flags
/// (<c>- + # 0 space</c>), width, precision, <c>*</c>, <c>[n]</c> argument indexes and Go's in-band
/// error forms (<c>%!d(string=x)</c>, <c>%!d(MISSING)</c>, <c>%!(EXTRA …)</c>).
/// </summary>
internal sealed class GoFormat
{
    private const string LowerDigits = "0123456789abcdefx";
    private const string UpperDigits = "0123456789ABCDEFX";

    private readonly StringBuilder _buf = new();
    private bool _minus;
    private bool _plus;
    private bool _sharp;
    private bool _space;
    private bool _zero;
    private bool _sharpV;
    private bool _widPresent;
    private bool _precPresent;
    private int _wid;
    private int _prec;

    public static string Sprint(IReadOnlyList<TemplateValue> args)
    {
        var p = new GoFormat();
        var prevString = false;
        for (var i = 0; i < args.Count; i++)
        {
            var isString = args[i].Kind == ValueKind.String;
            // Go adds a space between operands when neither side is a string.
            if (i > 0 && !isString && !prevString)
            {
                p._buf.Append(' ');
            }

            p.PrintArg(args[i], 'v');
            prevString = isString;
        }

        return p._buf.ToString();
    }

    public static string Sprintln(IReadOnlyList<TemplateValue> args)
    {
        var p = new GoFormat();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0)
            {
                p._buf.Append(' ');
            }

            p.PrintArg(args[i], 'v');
        }

        p._buf.Append('\n');
        return p._buf.ToString();
    }

    /// <summary>How a value prints on its own: <c>{{ x }}</c> output.</summary>
    public static string FormatValue(TemplateValue value) =>
        value.Kind == ValueKind.Nil ? "<no value>" : Sprint([value]);

    public static string Sprintf(string format, IReadOnlyList<TemplateValue> args)
    {
        var p = new GoFormat();
        p.DoPrintf(format, args);
        return p._buf.ToString();
    }

    private void ClearFlags()
    {
        _minus = _plus = _sharp = _space = _zero = _sharpV = _widPresent = _precPresent = false;
        _wid = _prec = 0;
    }

    private void DoPrintf(string format, IReadOnlyList<TemplateValue> args)
    {
        var end = format.Length;
        var argNum = 0;
        var afterIndex = false;
        var reordered = false;
        var i = 0;
        while (i < end)
        {
            var lasti = i;
            while (i < end && format[i] != '%')
            {
                i++;
            }

            if (i > lasti)
            {
                _buf.Append(format, lasti, i - lasti);
            }

            if (i >= end)
            {
                break;
            }

            i++; // skip %
            ClearFlags();
            for (; i < end; i++)
            {
                var c = format[i];
                if (c == '#')
                {
                    _sharp = true;
                }
                else if (c == '0')
                {
                    _zero = !_minus; // Only pad with zeros on the left.
                }
                else if (c == '+')
                {
                    _plus = true;
                }
                else if (c == '-')
                {
                    _minus = true;
                    _zero = false;
                }
                else if (c == ' ')
                {
                    _space = true;
                }
                else
                {
                    break;
                }
            }

            (argNum, i, afterIndex, var ok) = ArgNumber(argNum, format, i, args.Count);
            reordered |= afterIndex;
            var badWidth = false;
            var badPrec = false;
            if (i < end && format[i] == '*')
            {
                i++;
                (_wid, _widPresent, argNum) = IntFromArg(args, argNum);
                if (!_widPresent)
                {
                    badWidth = true;
                }

                if (_wid < 0)
                {
                    _wid = -_wid;
                    _minus = true;
                    _zero = false;
                }

                afterIndex = false;
            }
            else
            {
                (_wid, _widPresent, i) = ParseNum(format, i, end);
                if (afterIndex && _widPresent)
                {
                    ok = false; // "%[3]2d" is not allowed.
                }
            }

            if (i < end && format[i] == '.')
            {
                i++;
                if (afterIndex)
                {
                    ok = false;
                }

                (argNum, i, afterIndex, var ok2) = ArgNumber(argNum, format, i, args.Count);
                ok &= ok2;
                reordered |= afterIndex;
                if (i < end && format[i] == '*')
                {
                    i++;
                    (_prec, _precPresent, argNum) = IntFromArg(args, argNum);
                    if (_prec < 0)
                    {
                        _prec = 0;
                        _precPresent = false;
                    }

                    if (!_precPresent)
                    {
                        badPrec = true;
                    }

                    afterIndex = false;
                }
                else
                {
                    (_prec, _precPresent, i) = ParseNum(format, i, end);
                    if (!_precPresent)
                    {
                        _prec = 0;
                        _precPresent = true;
                    }
                }
            }

            if (!afterIndex)
            {
                (argNum, i, afterIndex, var ok3) = ArgNumber(argNum, format, i, args.Count);
                ok &= ok3;
                reordered |= afterIndex;
            }

            if (badWidth)
            {
                _buf.Append("%!(BADWIDTH)");
            }

            if (badPrec)
            {
                _buf.Append("%!(BADPREC)");
            }

            if (i >= end)
            {
                _buf.Append("%!(NOVERB)");
                break;
            }

            // A lone surrogate is the verb U+FFFD, as Go reads a byte that is not UTF-8 (char.ConvertToUtf32 threw).
            Rune.DecodeFromUtf16(format.AsSpan(i), out var rune, out var consumed);
            var verb = rune.Value;
            i += consumed;
            if (verb == '%')
            {
                _buf.Append('%');
            }
            else if (!ok)
            {
                _buf.Append("%!").Append(char.ConvertFromUtf32(verb)).Append("(BADINDEX)");
            }
            else if (argNum >= args.Count)
            {
                _buf.Append("%!").Append(char.ConvertFromUtf32(verb)).Append("(MISSING)");
            }
            else
            {
                if (verb == 'v')
                {
                    // %+v asks for field names, which the template's values do not have: the flag is consumed, unused.
                    _sharpV = _sharp;
                    _sharp = false;
                    _plus = false;
                }

                PrintArg(args[argNum], verb);
                argNum++;
            }
        }

        if (!reordered && argNum < args.Count)
        {
            ClearFlags();
            _buf.Append("%!(EXTRA ");
            for (var k = argNum; k < args.Count; k++)
            {
                if (k > argNum)
                {
                    _buf.Append(", ");
                }

                if (args[k].Kind == ValueKind.Nil)
                {
                    _buf.Append("<nil>");
                }
                else
                {
                    _buf.Append(args[k].TypeName).Append('=');
                    PrintArg(args[k], 'v');
                }
            }

            _buf.Append(')');
        }
    }

    private static (int Num, bool Present, int Next) ParseNum(string s, int start, int end)
    {
        if (start >= end)
        {
            return (0, false, end);
        }

        var num = 0;
        var i = start;
        for (; i < end && s[i] is >= '0' and <= '9'; i++)
        {
            if (num > 1_000_000)
            {
                return (0, false, end); // Absurd width: Go gives up on the verb.
            }

            num = (num * 10) + (s[i] - '0');
        }

        return (num, i > start, i);
    }

    private static (int ArgNum, int Next, bool Found, bool Ok) ArgNumber(int argNum, string format, int i, int numArgs)
    {
        if (i >= format.Length || format[i] != '[')
        {
            return (argNum, i, false, true);
        }

        for (var j = i + 1; j < format.Length; j++)
        {
            if (format[j] == ']')
            {
                var (width, present, next) = ParseNum(format, i + 1, j);
                if (!present || next != j)
                {
                    return (argNum, j + 1, false, false);
                }

                var index = width - 1;
                return index >= 0 && index < numArgs ? (index, j + 1, true, true) : (argNum, j + 1, true, false);
            }
        }

        return (argNum, i + 1, false, false);
    }

    private static (int Value, bool Ok, int ArgNum) IntFromArg(IReadOnlyList<TemplateValue> args, int argNum)
    {
        if (argNum >= args.Count)
        {
            return (0, false, argNum);
        }

        var a = args[argNum];
        if (a.Kind is ValueKind.Int or ValueKind.Byte && a.Int is > -1_000_000 and < 1_000_000)
        {
            return ((int)a.Int, true, argNum + 1);
        }

        return (0, false, argNum + 1);
    }

    private void PrintArg(TemplateValue arg, int verb)
    {
        if (arg.Kind == ValueKind.Nil)
        {
            if (verb is 'T' or 'v')
            {
                PadString("<nil>");
            }
            else
            {
                BadVerb(arg, verb);
            }

            return;
        }

        if (verb == 'T')
        {
            FmtS(arg.TypeName);
            return;
        }

        switch (arg.Kind)
        {
            case ValueKind.Bool:
                if (verb is 't' or 'v')
                {
                    PadString(arg.Bool ? "true" : "false");
                }
                else
                {
                    BadVerb(arg, verb);
                }

                return;
            case ValueKind.Int:
            case ValueKind.Byte:
                FmtInteger(arg, verb);
                return;
            case ValueKind.Float:
                FmtFloat(arg, verb);
                return;
            case ValueKind.String:
                FmtString(arg, arg.String, verb);
                return;
        }

        if (arg.IsStringer && verb is 'v' or 's' or 'x' or 'X' or 'q')
        {
            FmtString(arg, arg.StringerText, verb);
            return;
        }

        if (arg.Kind is ValueKind.Month or ValueKind.Weekday)
        {
            FmtInteger(arg, verb);
            return;
        }

        if (arg.Kind == ValueKind.Data && verb is 'v' or 's')
        {
            _buf.Append('{');
            var first = true;
            foreach (var field in arg.Data!.FieldValues())
            {
                if (!first)
                {
                    _buf.Append(' ');
                }

                first = false;
                PrintArg(field, verb);
            }

            _buf.Append('}');
            return;
        }

        BadVerb(arg, verb);
    }

    private void BadVerb(TemplateValue arg, int verb)
    {
        _buf.Append("%!").Append(char.ConvertFromUtf32(verb)).Append('(');
        if (arg.Kind == ValueKind.Nil)
        {
            _buf.Append("<nil>");
        }
        else
        {
            _buf.Append(arg.TypeName).Append('=');
            ClearFlags();
            if (arg.Kind is ValueKind.Time or ValueKind.Data)
            {
                _buf.Append(arg.Kind == ValueKind.Time ? arg.StringerText : nameof(TagTemplateData));
            }
            else
            {
                PrintArg(arg, 'v');
            }
        }

        _buf.Append(')');
    }

    private void FmtString(TemplateValue arg, string s, int verb)
    {
        switch (verb)
        {
            case 'v':
                if (_sharpV)
                {
                    FmtQ(s);
                }
                else
                {
                    FmtS(s);
                }

                break;
            case 's':
                FmtS(s);
                break;
            case 'x':
                FmtSx(s, LowerDigits);
                break;
            case 'X':
                FmtSx(s, UpperDigits);
                break;
            case 'q':
                FmtQ(s);
                break;
            default:
                BadVerb(arg, verb);
                break;
        }
    }

    private string Truncate(string s)
    {
        if (!_precPresent)
        {
            return s;
        }

        var n = _prec;
        var i = 0;
        foreach (var rune in s.EnumerateRunes())
        {
            if (n-- <= 0)
            {
                return s[..i];
            }

            i += rune.Utf16SequenceLength;
        }

        return s;
    }

    private void FmtS(string s) => PadString(Truncate(s), zeroAllowed: false);

    private void FmtQ(string s)
    {
        s = Truncate(s);
        string quoted;
        if (_sharp && CanBackquote(s))
        {
            quoted = "`" + s + "`";
        }
        else
        {
            quoted = GoQuote.Quote(s, '"', asciiOnly: _plus);
        }

        PadString(quoted, zeroAllowed: false);
    }

    private static bool CanBackquote(string s)
    {
        foreach (var r in s.EnumerateRunes())
        {
            if (r.Value == '`' || r.Value == 0xFEFF || (r.Value < ' ' && r.Value != '\t') || r.Value == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private void FmtSx(string s, string digits)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var length = bytes.Length;
        if (_precPresent && _prec < length)
        {
            length = _prec;
        }

        var width = 2 * length;
        if (width > 0)
        {
            if (_space)
            {
                if (_sharp)
                {
                    width *= 2;
                }

                width += length - 1;
            }
            else if (_sharp)
            {
                width += 2;
            }
        }
        else
        {
            if (_widPresent)
            {
                _buf.Append(' ', _wid);
            }

            return;
        }

        if (_widPresent && _wid > width && !_minus)
        {
            _buf.Append(' ', _wid - width);
        }

        if (_sharp)
        {
            _buf.Append('0').Append(digits[16]);
        }

        for (var i = 0; i < length; i++)
        {
            if (_space && i > 0)
            {
                _buf.Append(' ');
                if (_sharp)
                {
                    _buf.Append('0').Append(digits[16]);
                }
            }

            _buf.Append(digits[bytes[i] >> 4]).Append(digits[bytes[i] & 0xF]);
        }

        if (_widPresent && _wid > width && _minus)
        {
            _buf.Append(' ', _wid - width);
        }
    }

    private void FmtInteger(TemplateValue arg, int verb)
    {
        var v = arg.Int;
        var signed = arg.Kind != ValueKind.Byte;
        switch (verb)
        {
            case 'v':
                if (_sharpV && !signed)
                {
                    _sharp = true;
                    Integer(v, 16, signed, LowerDigits);
                }
                else
                {
                    Integer(v, 10, signed, LowerDigits);
                }

                break;
            case 'd':
                Integer(v, 10, signed, LowerDigits);
                break;
            case 'b':
                Integer(v, 2, signed, LowerDigits);
                break;
            case 'o':
                Integer(v, 8, signed, LowerDigits);
                break;
            case 'O':
                // The prefix goes between the sign and the digits, inside the padding. Math.Abs threw for the smallest int.
                Integer(v, 8, signed, LowerDigits, octalPrefix: true);
                break;
            case 'x':
                Integer(v, 16, signed, LowerDigits);
                break;
            case 'X':
                Integer(v, 16, signed, UpperDigits);
                break;
            case 'c':
                Pad(GoQuote.IsValidRune(v) ? char.ConvertFromUtf32((int)v) : "\uFFFD");
                break;
            case 'q':
                Pad(GoQuote.QuoteRune(v, _plus));
                break;
            case 'U':
                FmtUnicode(v);
                break;
            default:
                BadVerb(arg, verb);
                break;
        }
    }

    private void FmtUnicode(long v)
    {
        var hex = v.ToString("X", CultureInfo.InvariantCulture);
        var digits = Math.Max(_precPresent ? _prec : 4, 4);
        var s = "U+" + hex.PadLeft(digits, '0');
        if (_sharp && GoQuote.IsValidRune(v) && GoQuote.IsPrint((int)v))
        {
            s += " '" + char.ConvertFromUtf32((int)v) + "'";
        }

        var oldZero = _zero;
        _zero = false;
        Pad(s);
        _zero = oldZero;
    }

    /// <summary>fmt's integer: precision means minimum digits; zero flag pads digits to the width, after the sign.</summary>
    private void Integer(long a, int numberBase, bool signed, string digits, bool octalPrefix = false)
    {
        if (_precPresent && _prec == 0 && a == 0)
        {
            var oldZero = _zero;
            _zero = false;
            WritePadding(_wid);
            _zero = oldZero;
            return;
        }

        var negative = signed && a < 0;
        var ua = negative ? (ulong)(-(a + 1)) + 1 : (ulong)a;
        var prec = 0;
        var zero = _zero;
        if (_precPresent)
        {
            prec = _prec;
            zero = false;
        }
        else if (_zero && _widPresent && !_minus && _wid > 0)
        {
            prec = _wid;
            if (negative || _plus || _space)
            {
                prec--; // room for the sign
            }
        }

        var chars = new StringBuilder();
        do
        {
            chars.Insert(0, digits[(int)(ua % (ulong)numberBase)]);
            ua /= (ulong)numberBase;
        }
        while (ua > 0);

        if (prec > chars.Length)
        {
            chars.Insert(0, "0", prec - chars.Length); // at once: one '0' at a time was quadratic in the precision
        }

        if (_sharp)
        {
            if (numberBase == 8 && chars[0] != '0')
            {
                chars.Insert(0, '0');
            }
            else if (numberBase == 16)
            {
                chars.Insert(0, "0" + digits[16]);
            }
            else if (numberBase == 2)
            {
                chars.Insert(0, "0b");
            }
        }

        if (octalPrefix)
        {
            chars.Insert(0, "0o");
        }

        if (negative)
        {
            chars.Insert(0, '-');
        }
        else if (_plus)
        {
            chars.Insert(0, '+');
        }
        else if (_space)
        {
            chars.Insert(0, ' ');
        }

        var oldZero2 = _zero;
        _zero = zero;
        Pad(chars.ToString());
        _zero = oldZero2;
    }

    private void FmtFloat(TemplateValue arg, int verb)
    {
        switch (verb)
        {
            case 'v':
                FormatFloat(arg.Float, 'g', -1);
                break;
            case 'g' or 'G':
                FormatFloat(arg.Float, (char)verb, _precPresent ? _prec : -1);
                break;
            case 'e' or 'E' or 'f' or 'F':
                FormatFloat(arg.Float, verb == 'F' ? 'f' : (char)verb, _precPresent ? _prec : 6);
                break;
            default:
                BadVerb(arg, verb);
                break;
        }
    }

    private void FormatFloat(double v, char verb, int prec)
    {
        var num = GoFloat.Format(v, verb, prec);
        if (num[0] is not '-' and not '+')
        {
            num = "+" + num;
        }

        if (_space && num[0] == '+' && !_plus)
        {
            num = " " + num[1..];
        }

        if (num[1] is 'I' or 'N')
        {
            var oldZero = _zero;
            _zero = false;
            if (num[1] == 'N' && !_space && !_plus)
            {
                num = num[1..];
            }

            Pad(num);
            _zero = oldZero;
            return;
        }

        if (_plus || num[0] != '+')
        {
            if (_zero && _widPresent && _wid > num.Length)
            {
                _buf.Append(num[0]);
                _wid--;
                num = num[1..];
            }

            Pad(num);
            return;
        }

        Pad(num[1..]);
    }

    private void PadString(string s, bool zeroAllowed = true)
    {
        if (!zeroAllowed)
        {
            var oldZero = _zero;
            _zero = false;
            Pad(s);
            _zero = oldZero;
            return;
        }

        Pad(s);
    }

    private void Pad(string s)
    {
        if (!_widPresent || _wid == 0)
        {
            _buf.Append(s);
            return;
        }

        var width = _wid - RuneCount(s);
        if (!_minus)
        {
            WritePadding(width);
            _buf.Append(s);
        }
        else
        {
            _buf.Append(s);
            WritePadding(width);
        }
    }

    private void WritePadding(int n)
    {
        if (n > 0)
        {
            _buf.Append(_zero ? '0' : ' ', n);
        }
    }

    private static int RuneCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }
}
