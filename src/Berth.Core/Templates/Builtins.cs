using System.Globalization;
using System.Text;
using Berth.Errors;

namespace Berth.Templates;

/// <summary>
/// Go's predefined template functions over the closed value set. Each throws
/// <see cref="BuiltinException"/> with Go's message; the evaluator adds "error calling NAME:".
/// </summary>
internal static class Builtins
{
    private static readonly HashSet<string> Names =
    [
        "and", "or", "not", "len", "index", "slice", "print", "printf", "println",
        "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "call",
    ];

    public static bool IsDefined(string name) => Names.Contains(name);

    /// <summary>(minimum, maximum) argument counts; maximum -1 for variadic.</summary>
    public static (int Min, int Max) Arity(string name) => name switch
    {
        "not" or "len" => (1, 1),
        "ne" or "lt" or "le" or "gt" or "ge" => (2, 2),
        "print" or "println" or "html" or "js" or "urlquery" => (0, -1),
        _ => (1, -1),
    };

    public static TemplateValue Len(TemplateValue item) => item.Kind switch
    {
        ValueKind.String => TemplateValue.Of((long)Encoding.UTF8.GetByteCount(item.String)),
        ValueKind.Nil => throw new BuiltinException("len of untyped nil"),
        _ => throw new BuiltinException($"len of type {item.TypeName}"),
    };

    /// <summary>Go indexes strings by byte and yields a <c>uint8</c>.</summary>
    public static TemplateValue Index(TemplateValue item, IReadOnlyList<TemplateValue> indexes)
    {
        if (item.Kind == ValueKind.Nil)
        {
            throw new BuiltinException("index of untyped nil");
        }

        foreach (var index in indexes)
        {
            if (item.Kind != ValueKind.String)
            {
                throw new BuiltinException($"can't index item of type {item.TypeName}");
            }

            var bytes = Encoding.UTF8.GetBytes(item.String);
            var x = IndexArg(index, bytes.Length);
            if (x == bytes.Length)
            {
                throw new BuiltinException($"index out of range: {x}");
            }

            item = TemplateValue.OfByte(bytes[x]);
        }

        return item;
    }

    /// <summary>Go slices strings by byte offsets: <c>slice "abcdef" 1 3</c> is "bc".</summary>
    public static TemplateValue Slice(TemplateValue item, IReadOnlyList<TemplateValue> indexes)
    {
        if (item.Kind == ValueKind.Nil)
        {
            throw new BuiltinException("slice of untyped nil");
        }

        if (indexes.Count > 3)
        {
            throw new BuiltinException($"too many slice indexes: {indexes.Count}");
        }

        if (item.Kind != ValueKind.String)
        {
            throw new BuiltinException($"can't slice item of type {item.TypeName}");
        }

        if (indexes.Count == 3)
        {
            throw new BuiltinException("cannot 3-index slice a string");
        }

        var bytes = Encoding.UTF8.GetBytes(item.String);
        int[] idx = [0, bytes.Length];
        for (var i = 0; i < indexes.Count; i++)
        {
            idx[i] = IndexArg(indexes[i], bytes.Length);
        }

        if (idx[0] > idx[1])
        {
            throw new BuiltinException($"invalid slice index: {idx[0]} > {idx[1]}");
        }

        return TemplateValue.Of(Encoding.UTF8.GetString(bytes, idx[0], idx[1] - idx[0]));
    }

    private static int IndexArg(TemplateValue index, int cap)
    {
        if (index.Kind is not (ValueKind.Int or ValueKind.Byte or ValueKind.Month or ValueKind.Weekday))
        {
            throw new BuiltinException(index.Kind == ValueKind.Nil
                ? "cannot index slice/array with nil"
                : $"cannot index slice/array with type {index.TypeName}");
        }

        var x = index.Int;
        return x < 0 || x > cap ? throw new BuiltinException($"index out of range: {x}") : (int)x;
    }

    private enum BasicKind
    {
        Invalid,
        Bool,
        Int,
        Uint,
        Float,
        String,
        Struct,
    }

    private static BasicKind KindOf(TemplateValue v) => v.Kind switch
    {
        ValueKind.Nil => BasicKind.Invalid,
        ValueKind.Bool => BasicKind.Bool,
        ValueKind.Int or ValueKind.Month or ValueKind.Weekday => BasicKind.Int,
        ValueKind.Byte => BasicKind.Uint,
        ValueKind.Float => BasicKind.Float,
        ValueKind.String => BasicKind.String,
        _ => BasicKind.Struct,
    };

    /// <summary>Go's eq: arg1 == arg2 || arg1 == arg3 …; numbers of different kinds do not compare (int with uint8 does).</summary>
    public static bool Eq(TemplateValue arg1, IReadOnlyList<TemplateValue> others)
    {
        if (others.Count == 0)
        {
            throw new BuiltinException("missing argument for comparison");
        }

        var k1 = KindOf(arg1);
        foreach (var arg in others)
        {
            var k2 = KindOf(arg);
            bool truth;
            if (k1 != k2)
            {
                if (k1 is BasicKind.Int or BasicKind.Uint && k2 is BasicKind.Int or BasicKind.Uint)
                {
                    truth = arg1.Int == arg.Int;
                }
                else if (k1 == BasicKind.Invalid || k2 == BasicKind.Invalid)
                {
                    truth = false;
                }
                else
                {
                    throw new BuiltinException("incompatible types for comparison");
                }
            }
            else
            {
                truth = k1 switch
                {
                    BasicKind.Invalid => true,
                    BasicKind.Bool or BasicKind.Int or BasicKind.Uint => arg1.Int == arg.Int,
                    BasicKind.Float => arg1.Float.Equals(arg.Float) && !double.IsNaN(arg1.Float),
                    BasicKind.String => string.Equals(arg1.String, arg.String, StringComparison.Ordinal),
                    _ => arg1.Kind == arg.Kind && (arg1.Kind == ValueKind.Time ? arg1.Time == arg.Time : ReferenceEquals(arg1.Data, arg.Data)),
                };
            }

            if (truth)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Go's lt: ordered basic kinds only; strings compare by bytes.</summary>
    public static bool Lt(TemplateValue arg1, TemplateValue arg2)
    {
        var k1 = KindOf(arg1);
        var k2 = KindOf(arg2);
        if (k1 is BasicKind.Invalid or BasicKind.Bool or BasicKind.Struct || k2 is BasicKind.Invalid or BasicKind.Bool or BasicKind.Struct)
        {
            throw new BuiltinException("invalid type for comparison");
        }

        if (k1 != k2)
        {
            if (k1 is BasicKind.Int or BasicKind.Uint && k2 is BasicKind.Int or BasicKind.Uint)
            {
                return arg1.Int < arg2.Int;
            }

            throw new BuiltinException("incompatible types for comparison");
        }

        return k1 switch
        {
            BasicKind.Float => arg1.Float < arg2.Float,
            BasicKind.String => CompareBytes(arg1.String, arg2.String) < 0,
            _ => arg1.Int < arg2.Int,
        };
    }

    private static int CompareBytes(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    /// <summary>The text html/js/urlquery escape: a lone string as is, anything else as fmt.Sprint would print it.</summary>
    private static string EvalArgs(IReadOnlyList<TemplateValue> args) =>
        args.Count == 1 && args[0].Kind == ValueKind.String ? args[0].String : GoFormat.Sprint(args);

    public static string Html(IReadOnlyList<TemplateValue> args)
    {
        var s = EvalArgs(args);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '\0' => "\uFFFD",
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    public static string Js(IReadOnlyList<TemplateValue> args)
    {
        var s = EvalArgs(args);
        var sb = new StringBuilder(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            var r = rune.Value;
            switch (r)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append(@"\u003C"); break;
                case '>': sb.Append(@"\u003E"); break;
                case '&': sb.Append(@"\u0026"); break;
                case '=': sb.Append(@"\u003D"); break;
                default:
                    if (r < ' ' || (r >= 0x80 && !GoQuote.IsPrint(r)))
                    {
                        sb.Append(@"\u").Append(r.ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>url.QueryEscape: unreserved bytes kept, space as '+', the rest %XX.</summary>
    public static string UrlQuery(IReadOnlyList<TemplateValue> args)
    {
        var bytes = Encoding.UTF8.GetBytes(EvalArgs(args));
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else if (b == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}

/// <summary>A builtin function's own error, reported by the evaluator as "error calling NAME: …".</summary>
internal sealed class BuiltinException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Usage;
}
