namespace Berth.Templates;

/// <summary>
/// Splits template text into tokens the way Go's text/template lexer does: text, <c>{{</c> … <c>}}</c>
/// actions, trim markers (<c>{{- </c> and <c> -}}</c>, the space is required), and <c>{{/* */}}</c> comments.
/// A lexical error becomes an <see cref="TokenKind.Error"/> token so the parser reports it in order.
/// </summary>
internal sealed class TemplateLexer
{
    private const string LeftDelim = "{{";
    private const string RightDelim = "}}";

    private readonly string _input;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _parenDepth;

    private TemplateLexer(string input) => _input = input;

    public static List<Token> Lex(string input)
    {
        var lexer = new TemplateLexer(input);
        lexer.Run();
        return lexer._tokens;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private bool HasLeftTrimMarker(int at) => at + 1 < _input.Length && _input[at] == '-' && IsSpace(_input[at + 1]);

    private bool HasRightTrimMarker(int at) => at + 1 < _input.Length && IsSpace(_input[at]) && _input[at + 1] == '-';

    private bool StartsWith(int at, string s) => at >= 0 && at + s.Length <= _input.Length && string.CompareOrdinal(_input, at, s, 0, s.Length) == 0;

    /// <summary>Whether a right delimiter starts at <paramref name="at"/>, possibly preceded by " -".</summary>
    private (bool Delim, bool Trim) AtRightDelim(int at)
    {
        if (HasRightTrimMarker(at) && StartsWith(at + 2, RightDelim))
        {
            return (true, true);
        }

        return (StartsWith(at, RightDelim), false);
    }

    private void Emit(TokenKind kind, int start, int end) => _tokens.Add(new Token(kind, start, _input[start..end]));

    private bool Fail(int at, string message)
    {
        _tokens.Add(new Token(TokenKind.Error, at, message));
        return false;
    }

    private void Run()
    {
        while (_pos < _input.Length)
        {
            var x = _input.IndexOf(LeftDelim, _pos, StringComparison.Ordinal);
            if (x < 0)
            {
                Emit(TokenKind.Text, _pos, _input.Length);
                _pos = _input.Length;
                break;
            }

            var trimLeft = HasLeftTrimMarker(x + LeftDelim.Length);
            var textEnd = x;
            if (trimLeft)
            {
                while (textEnd > _pos && IsSpace(_input[textEnd - 1]))
                {
                    textEnd--;
                }
            }

            if (textEnd > _pos)
            {
                Emit(TokenKind.Text, _pos, textEnd);
            }

            _pos = x + LeftDelim.Length;
            var afterMarker = trimLeft ? 2 : 0;
            if (StartsWith(_pos + afterMarker, "/*"))
            {
                if (!LexComment(x, _pos + afterMarker))
                {
                    return;
                }

                continue;
            }

            _tokens.Add(new Token(TokenKind.LeftDelim, x, LeftDelim));
            _pos += afterMarker;
            _parenDepth = 0;
            if (!LexInsideAction())
            {
                return;
            }
        }

        _tokens.Add(new Token(TokenKind.Eof, _input.Length, ""));
    }

    private bool LexComment(int delimStart, int commentStart)
    {
        var close = _input.IndexOf("*/", commentStart + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            return Fail(delimStart, "unclosed comment");
        }

        _pos = close + 2;
        var (delim, trim) = AtRightDelim(_pos);
        if (!delim)
        {
            return Fail(delimStart, "comment ends before closing delimiter");
        }

        _pos += (trim ? 2 : 0) + RightDelim.Length;
        if (trim)
        {
            SkipLeadingSpace();
        }

        return true;
    }

    private void SkipLeadingSpace()
    {
        while (_pos < _input.Length && IsSpace(_input[_pos]))
        {
            _pos++;
        }
    }

    /// <summary>Lexes one action up to and including its right delimiter.</summary>
    private bool LexInsideAction()
    {
        while (true)
        {
            var (delim, trim) = AtRightDelim(_pos);
            if (delim)
            {
                if (_parenDepth != 0)
                {
                    return Fail(_pos, "unclosed left paren");
                }

                var at = _pos + (trim ? 2 : 0);
                _tokens.Add(new Token(TokenKind.RightDelim, at, RightDelim));
                _pos = at + RightDelim.Length;
                if (trim)
                {
                    SkipLeadingSpace();
                }

                return true;
            }

            if (_pos >= _input.Length)
            {
                return Fail(_pos, "unclosed action");
            }

            var start = _pos;
            var c = _input[_pos];
            if (IsSpace(c))
            {
                LexSpace();
                continue;
            }

            switch (c)
            {
                case '=':
                    _pos++;
                    Emit(TokenKind.Assign, start, _pos);
                    continue;
                case ':':
                    if (!StartsWith(_pos, ":="))
                    {
                        return Fail(_pos, "expected :=");
                    }

                    _pos += 2;
                    Emit(TokenKind.Declare, start, _pos);
                    continue;
                case '|':
                    _pos++;
                    Emit(TokenKind.Pipe, start, _pos);
                    continue;
                case '"':
                    if (!LexQuote())
                    {
                        return false;
                    }

                    continue;
                case '`':
                    if (!LexRawQuote())
                    {
                        return false;
                    }

                    continue;
                case '\'':
                    if (!LexChar())
                    {
                        return false;
                    }

                    continue;
                case '$':
                    if (!LexFieldOrVariable(TokenKind.Variable))
                    {
                        return false;
                    }

                    continue;
                case '(':
                    _pos++;
                    _parenDepth++;
                    Emit(TokenKind.LeftParen, start, _pos);
                    continue;
                case ')':
                    _parenDepth--;
                    if (_parenDepth < 0)
                    {
                        return Fail(_pos, "unexpected right paren");
                    }

                    _pos++;
                    Emit(TokenKind.RightParen, start, _pos);
                    continue;
            }

            if (c == '.' && !(_pos + 1 < _input.Length && _input[_pos + 1] is >= '0' and <= '9'))
            {
                if (!LexFieldOrVariable(TokenKind.Field))
                {
                    return false;
                }

                continue;
            }

            if (c is '.' or '+' or '-' or (>= '0' and <= '9'))
            {
                if (!LexNumber())
                {
                    return false;
                }

                continue;
            }

            if (IsAlphaNumeric(c))
            {
                if (!LexIdentifier())
                {
                    return false;
                }

                continue;
            }

            if (c < 0x80 && !char.IsControl(c))
            {
                _pos++;
                Emit(TokenKind.Char, start, _pos);
                continue;
            }

            return Fail(_pos, $"unrecognized character in action: U+{(int)c:X4}");
        }
    }

    private void LexSpace()
    {
        var start = _pos;
        var numSpaces = 0;
        while (_pos < _input.Length && IsSpace(_input[_pos]))
        {
            _pos++;
            numSpaces++;
        }

        // A trim-marked right delimiter starts with a space: leave that space to the delimiter.
        if (HasRightTrimMarker(_pos - 1) && StartsWith(_pos + 1, RightDelim))
        {
            _pos--;
            if (numSpaces == 1)
            {
                return;
            }
        }

        Emit(TokenKind.Space, start, _pos);
    }

    /// <summary>After an identifier or field: a space, a delimiter or punctuation that can follow an operand.</summary>
    private bool AtTerminator()
    {
        if (_pos >= _input.Length)
        {
            return true;
        }

        var c = _input[_pos];
        if (IsSpace(c) || c is '.' or ',' or '|' or ':' or ')' or '(')
        {
            return true;
        }

        return StartsWith(_pos, RightDelim);
    }

    private bool LexFieldOrVariable(TokenKind kind)
    {
        var start = _pos;
        _pos++; // '.' or '$'
        if (AtTerminator())
        {
            Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot, start, _pos);
            return true;
        }

        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
        }

        if (!AtTerminator())
        {
            return Fail(_pos, $"bad character U+{(int)_input[_pos]:X4} '{_input[_pos]}'");
        }

        Emit(kind, start, _pos);
        return true;
    }

    private bool LexIdentifier()
    {
        var start = _pos;
        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
        }

        if (!AtTerminator())
        {
            return Fail(_pos, $"bad character U+{(int)_input[_pos]:X4} '{_input[_pos]}'");
        }

        var word = _input[start.._pos];
        var kind = word switch
        {
            "true" or "false" => TokenKind.Bool,
            "nil" => TokenKind.Nil,
            "if" => TokenKind.If,
            "else" => TokenKind.Else,
            "end" => TokenKind.End,
            "with" => TokenKind.With,
            "range" => TokenKind.Range,
            "break" => TokenKind.Break,
            "continue" => TokenKind.Continue,
            "define" => TokenKind.Define,
            "template" => TokenKind.Template,
            "block" => TokenKind.Block,
            _ => TokenKind.Identifier,
        };
        Emit(kind, start, _pos);
        return true;
    }

    private bool Accept(string valid)
    {
        if (_pos < _input.Length && valid.Contains(_input[_pos], StringComparison.Ordinal))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void AcceptRun(string valid)
    {
        while (Accept(valid))
        {
        }
    }

    private bool LexNumber()
    {
        var start = _pos;
        Accept("+-");
        var digits = "0123456789_";
        if (Accept("0"))
        {
            if (Accept("xX"))
            {
                digits = "0123456789abcdefABCDEF_";
            }
            else if (Accept("oO"))
            {
                digits = "01234567_";
            }
            else if (Accept("bB"))
            {
                digits = "01_";
            }
        }

        AcceptRun(digits);
        if (Accept("."))
        {
            AcceptRun(digits);
        }

        if (digits.Length == 11 && Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }

        if (digits.Length == 23 && Accept("pP"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }

        Accept("i");
        if (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
            return Fail(start, "bad number syntax: " + GoQuote.Quote(_input[start.._pos]));
        }

        Emit(TokenKind.Number, start, _pos);
        return true;
    }

    private bool LexQuote()
    {
        var start = _pos;
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                return Fail(start, "unterminated quoted string");
            }

            var c = _input[_pos++];
            if (c == '\\')
            {
                if (_pos >= _input.Length || _input[_pos] == '\n')
                {
                    return Fail(start, "unterminated quoted string");
                }

                _pos++;
            }
            else if (c == '"')
            {
                break;
            }
        }

        Emit(TokenKind.String, start, _pos);
        return true;
    }

    private bool LexRawQuote()
    {
        var start = _pos;
        var close = _input.IndexOf('`', _pos + 1);
        if (close < 0)
        {
            return Fail(start, "unterminated raw quoted string");
        }

        _pos = close + 1;
        Emit(TokenKind.RawString, start, _pos);
        return true;
    }

    private bool LexChar()
    {
        var start = _pos;
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                return Fail(start, "unterminated character constant");
            }

            var c = _input[_pos++];
            if (c == '\\')
            {
                if (_pos >= _input.Length || _input[_pos] == '\n')
                {
                    return Fail(start, "unterminated character constant");
                }

                _pos++;
            }
            else if (c == '\'')
            {
                break;
            }
        }

        Emit(TokenKind.CharConstant, start, _pos);
        return true;
    }
}
