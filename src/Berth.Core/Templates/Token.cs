namespace Berth.Templates;

internal enum TokenKind
{
    Error,
    Eof,
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Identifier,
    Field,
    Variable,
    Dot,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Char,
    String,
    RawString,
    CharConstant,
    Number,
    Bool,
    Nil,

    // Keywords: Go prints these as <name> in messages.
    If,
    Else,
    End,
    With,
    Range,
    Break,
    Continue,
    Define,
    Template,
    Block,
}

/// <summary>One lexeme: its kind, the offset it starts at in the template text, and its text.</summary>
internal readonly record struct Token(TokenKind Kind, int Pos, string Value)
{
    public bool IsKeyword => Kind >= TokenKind.If;

    /// <summary>How Go's parser names a token in "unexpected …" messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Eof => "EOF",
        TokenKind.Error => Value,
        _ when IsKeyword => "<" + Value + ">",
        _ when Value.Length > 10 => GoQuote.Quote(Value[..10]) + "...",
        _ => GoQuote.Quote(Value),
    };
}
