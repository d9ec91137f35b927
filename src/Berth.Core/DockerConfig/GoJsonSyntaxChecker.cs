using System.Globalization;
using System.Text;

namespace Berth.DockerConfig;

/// <summary>The first syntax error in a JSON text, worded and positioned as Go's encoding/json reports it.</summary>
/// <param name="Message">Go's message, e.g. <c>invalid character 'x' after top-level value</c>.</param>
/// <param name="ByteIndex">Index of the offending byte; equals the input length when the error is at end of input.</param>
/// <param name="AtEndOfInput">True for <c>unexpected end of JSON input</c>, which Go reports without a position.</param>
internal readonly record struct GoJsonSyntaxError(string Message, int ByteIndex, bool AtEndOfInput);

/// <summary>
/// Validates JSON byte by byte with the same state machine as Go's <c>encoding/json</c> scanner, so the
/// first error and its wording match what docker (and CI tools written in Go) print for the same file.
/// System.Text.Json words errors differently and stops at different places, hence a scanner of our own.
/// </summary>
internal static class GoJsonSyntaxChecker
{
    private const int MaxNestingDepth = 10000;

    private enum State
    {
        BeginValue,
        BeginValueOrEmpty,
        BeginStringOrEmpty,
        BeginString,
        EndValue,
        EndTop,
        InString,
        InStringEsc,
        InStringEscU,
        InStringEscU1,
        InStringEscU12,
        InStringEscU123,
        Neg,
        One,
        Zero,
        Dot,
        Dot0,
        E,
        ESign,
        E0,
        T,
        Tr,
        Tru,
        F,
        Fa,
        Fal,
        Fals,
        N,
        Nu,
        Nul,
    }

    private enum Container : byte
    {
        ObjectKey,
        ObjectValue,
        ArrayValue,
    }

    /// <summary>Returns the first syntax error, or null when the whole input is one valid JSON value.</summary>
    public static GoJsonSyntaxError? Check(ReadOnlySpan<byte> data)
    {
        var scanner = new Scanner();
        for (var i = 0; i < data.Length; i++)
        {
            var message = scanner.Step(data[i]);
            if (message is not null)
            {
                return new GoJsonSyntaxError(message, i, false);
            }
        }

        // Go feeds one space at end of input: it finishes numbers and literals, and reports `1.` or `tru` oddly but faithfully.
        if (scanner.EndTop)
        {
            return null;
        }

        var last = scanner.Step((byte)' ');
        if (last is not null)
        {
            return new GoJsonSyntaxError(last, data.Length, false);
        }

        return scanner.EndTop ? null : new GoJsonSyntaxError("unexpected end of JSON input", data.Length, true);
    }

    /// <summary>
    /// Index of the first <c>\uXXXX</c> escape that is half of a surrogate pair on its own (a high surrogate not followed
    /// by a low one, or a low surrogate not preceded by a high one), or null. <paramref name="data"/> must be valid JSON.
    /// </summary>
    internal static int? FindLoneSurrogateEscape(ReadOnlySpan<byte> data)
    {
        var inString = false;
        for (var i = 0; i < data.Length; i++)
        {
            var c = data[i];
            if (c == (byte)'"')
            {
                inString = !inString;
            }
            else if (inString && c == (byte)'\\')
            {
                if (data[i + 1] != (byte)'u')
                {
                    i++; // a one-character escape such as \" or \\
                    continue;
                }

                var unit = HexValue(data.Slice(i + 2, 4));
                if (unit is >= 0xDC00 and <= 0xDFFF)
                {
                    return i;
                }

                if (unit is >= 0xD800 and <= 0xDBFF)
                {
                    var next = i + 6;
                    if (next + 6 > data.Length || data[next] != (byte)'\\' || data[next + 1] != (byte)'u'
                        || HexValue(data.Slice(next + 2, 4)) is < 0xDC00 or > 0xDFFF)
                    {
                        return i;
                    }

                    i = next + 5; // the pair
                    continue;
                }

                i += 5;
            }
        }

        return null;
    }

    private static int HexValue(ReadOnlySpan<byte> hex) => int.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>Go's <c>quoteChar</c>: a byte shown as a single-quoted Go literal, bytes above 0x7F read as Latin-1.</summary>
    internal static string QuoteChar(byte c)
    {
        switch (c)
        {
            case (byte)'\'':
                return @"'\''";
            case (byte)'"':
                return "'\"'";
            case 0x07:
                return @"'\a'";
            case 0x08:
                return @"'\b'";
            case 0x0C:
                return @"'\f'";
            case (byte)'\n':
                return @"'\n'";
            case (byte)'\r':
                return @"'\r'";
            case (byte)'\t':
                return @"'\t'";
            case 0x0B:
                return @"'\v'";
            case (byte)'\\':
                return @"'\\'";
        }

        if (c < 0x20 || c == 0x7F)
        {
            return "'\\x" + c.ToString("x2", CultureInfo.InvariantCulture) + "'";
        }

        // strconv.IsPrint is false for C1 controls, no-break space and soft hyphen among U+0080..U+00FF.
        if (c >= 0x80 && (c <= 0x9F || c == 0xA0 || c == 0xAD))
        {
            return "'\\u00" + c.ToString("x2", CultureInfo.InvariantCulture) + "'";
        }

        return "'" + (char)c + "'";
    }

    /// <summary>1-based line and column (in characters, not bytes) of a byte index; BOM-free UTF-8 assumed.</summary>
    internal static (int Line, int Column) LineAndColumn(ReadOnlySpan<byte> data, int byteIndex)
    {
        var line = 1;
        var column = 1;
        var end = Math.Min(byteIndex, data.Length);
        for (var i = 0; i < end; i++)
        {
            var b = data[i];
            if (b == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((b & 0xC0) != 0x80)
            {
                // Continuation bytes belong to the character already counted.
                column++;
            }
        }

        return (line, column);
    }

    private sealed class Scanner
    {
        private readonly List<Container> _stack = [];
        private State _state = State.BeginValue;

        public bool EndTop { get; private set; }

        /// <summary>Feeds one byte; returns Go's error message when this byte is the offending one.</summary>
        public string? Step(byte c) => _state switch
        {
            State.BeginValue => BeginValue(c),
            State.BeginValueOrEmpty => IsSpace(c) ? null : c == (byte)']' ? EndValue(c) : BeginValue(c),
            State.BeginStringOrEmpty => BeginStringOrEmpty(c),
            State.BeginString => BeginString(c),
            State.EndValue => EndValue(c),
            State.EndTop => IsSpace(c) ? null : Error(c, "after top-level value"),
            State.InString => InString(c),
            State.InStringEsc => InStringEsc(c),
            State.InStringEscU => Hex(c, State.InStringEscU1),
            State.InStringEscU1 => Hex(c, State.InStringEscU12),
            State.InStringEscU12 => Hex(c, State.InStringEscU123),
            State.InStringEscU123 => Hex(c, State.InString),
            State.Neg => c == (byte)'0' ? Go(State.Zero) : IsDigit1To9(c) ? Go(State.One) : Error(c, "in numeric literal"),
            State.One => IsDigit(c) ? null : Zero(c),
            State.Zero => Zero(c),
            State.Dot => IsDigit(c) ? Go(State.Dot0) : Error(c, "after decimal point in numeric literal"),
            State.Dot0 => IsDigit(c) ? null : c is (byte)'e' or (byte)'E' ? Go(State.E) : EndValue(c),
            State.E => c is (byte)'+' or (byte)'-' ? Go(State.ESign) : ESign(c),
            State.ESign => ESign(c),
            State.E0 => IsDigit(c) ? null : EndValue(c),
            State.T => Literal(c, 'r', State.Tr, "true"),
            State.Tr => Literal(c, 'u', State.Tru, "true"),
            State.Tru => Literal(c, 'e', State.EndValue, "true"),
            State.F => Literal(c, 'a', State.Fa, "false"),
            State.Fa => Literal(c, 'l', State.Fal, "false"),
            State.Fal => Literal(c, 's', State.Fals, "false"),
            State.Fals => Literal(c, 'e', State.EndValue, "false"),
            State.N => Literal(c, 'u', State.Nu, "null"),
            State.Nu => Literal(c, 'l', State.Nul, "null"),
            State.Nul => Literal(c, 'l', State.EndValue, "null"),
            _ => throw new InvalidOperationException("unreachable scanner state"),
        };

        private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

        private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

        private static bool IsDigit1To9(byte c) => c is >= (byte)'1' and <= (byte)'9';

        private static bool IsHex(byte c) => IsDigit(c) || c is >= (byte)'a' and <= (byte)'f' || c is >= (byte)'A' and <= (byte)'F';

        private static string Error(byte c, string context) => "invalid character " + QuoteChar(c) + " " + context;

        private string? Go(State next)
        {
            _state = next;
            return null;
        }

        private string? Push(byte c, Container container, State next)
        {
            _stack.Add(container);
            _state = next;
            return _stack.Count <= MaxNestingDepth ? null : Error(c, "exceeded max depth");
        }

        private void Pop()
        {
            _stack.RemoveAt(_stack.Count - 1);
            if (_stack.Count == 0)
            {
                _state = State.EndTop;
                EndTop = true;
            }
            else
            {
                _state = State.EndValue;
            }
        }

        private string? BeginValue(byte c)
        {
            if (IsSpace(c))
            {
                return null;
            }

            return c switch
            {
                (byte)'{' => Push(c, Container.ObjectKey, State.BeginStringOrEmpty),
                (byte)'[' => Push(c, Container.ArrayValue, State.BeginValueOrEmpty),
                (byte)'"' => Go(State.InString),
                (byte)'-' => Go(State.Neg),
                (byte)'0' => Go(State.Zero),
                (byte)'t' => Go(State.T),
                (byte)'f' => Go(State.F),
                (byte)'n' => Go(State.N),
                _ when IsDigit1To9(c) => Go(State.One),
                _ => Error(c, "looking for beginning of value"),
            };
        }

        private string? BeginStringOrEmpty(byte c)
        {
            if (IsSpace(c))
            {
                return null;
            }

            if (c == (byte)'}')
            {
                _stack[^1] = Container.ObjectValue;
                return EndValue(c);
            }

            return BeginString(c);
        }

        private string? BeginString(byte c)
        {
            if (IsSpace(c))
            {
                return null;
            }

            return c == (byte)'"' ? Go(State.InString) : Error(c, "looking for beginning of object key string");
        }

        private string? EndValue(byte c)
        {
            if (_stack.Count == 0)
            {
                _state = State.EndTop;
                EndTop = true;
                return IsSpace(c) ? null : Error(c, "after top-level value");
            }

            if (IsSpace(c))
            {
                _state = State.EndValue;
                return null;
            }

            switch (_stack[^1])
            {
                case Container.ObjectKey:
                    if (c == (byte)':')
                    {
                        _stack[^1] = Container.ObjectValue;
                        return Go(State.BeginValue);
                    }

                    return Error(c, "after object key");
                case Container.ObjectValue:
                    if (c == (byte)',')
                    {
                        _stack[^1] = Container.ObjectKey;
                        return Go(State.BeginString);
                    }

                    if (c == (byte)'}')
                    {
                        Pop();
                        return null;
                    }

                    return Error(c, "after object key:value pair");
                default:
                    if (c == (byte)',')
                    {
                        return Go(State.BeginValue);
                    }

                    if (c == (byte)']')
                    {
                        Pop();
                        return null;
                    }

                    return Error(c, "after array element");
            }
        }

        private string? InString(byte c)
        {
            if (c == (byte)'"')
            {
                return Go(State.EndValue);
            }

            if (c == (byte)'\\')
            {
                return Go(State.InStringEsc);
            }

            return c < 0x20 ? Error(c, "in string literal") : null;
        }

        private string? InStringEsc(byte c) => c switch
        {
            (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t' or (byte)'\\' or (byte)'/' or (byte)'"' => Go(State.InString),
            (byte)'u' => Go(State.InStringEscU),
            _ => Error(c, "in string escape code"),
        };

        private string? Hex(byte c, State next) => IsHex(c) ? Go(next) : Error(c, "in \\u hexadecimal character escape");

        private string? Zero(byte c)
        {
            if (c == (byte)'.')
            {
                return Go(State.Dot);
            }

            return c is (byte)'e' or (byte)'E' ? Go(State.E) : EndValue(c);
        }

        private string? ESign(byte c) => IsDigit(c) ? Go(State.E0) : Error(c, "in exponent of numeric literal");

        private string? Literal(byte c, char expected, State next, string literal) =>
            c == (byte)expected ? Go(next) : Error(c, "in literal " + literal + " (expecting '" + expected + "')");
    }

    /// <summary>Renders the message docker users see, with a position for everything but end of input.</summary>
    internal static string Describe(ReadOnlySpan<byte> data, GoJsonSyntaxError error)
    {
        if (error.AtEndOfInput)
        {
            return error.Message;
        }

        var (line, column) = LineAndColumn(data, error.ByteIndex);
        return new StringBuilder(error.Message)
            .Append(CultureInfo.InvariantCulture, $" (line {line}, column {column})")
            .ToString();
    }
}
