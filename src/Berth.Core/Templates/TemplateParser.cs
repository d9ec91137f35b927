using System.Globalization;

namespace Berth.Templates;

/// <summary>
/// Recursive-descent parser over the lexer's tokens, following the grammar and the error messages of Go's
/// text/template/parse: actions, pipelines with declarations, commands, operands with field chains,
/// if/else if/else, with/else with/else, range/else with break and continue.
/// </summary>
internal sealed class TemplateParser
{
    /// <summary>
    /// Deepest nesting of parentheses, <c>if</c>/<c>with</c>/<c>range</c> and <c>else if</c>/<c>else with</c> links, counted
    /// together. Parsing, execution and error messages all recurse once per level; Go allows 10,000 parentheses and any
    /// number of controls on its growable stacks, while a .NET thread's fixed stack (1 MiB here, 1.5 MiB for pool
    /// threads) overflows at a few hundred and ends the process. A tag template needs a handful.
    /// </summary>
    internal const int MaxNestingDepth = 100;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly List<string> _vars = ["$"];
    private int _i;
    private int _rangeDepth;
    private int _depth;

    private TemplateParser(string text)
    {
        _text = text;
        _tokens = TemplateLexer.Lex(text);
    }

    public static ListNode Parse(string text) => new TemplateParser(text).ParseRoot();

    private TemplateException Error(int pos, string reason) => TemplateException.At(_text, pos, reason);

    private Token Next()
    {
        var t = _tokens[Math.Min(_i, _tokens.Count - 1)];
        if (t.Kind == TokenKind.Error)
        {
            throw Error(t.Pos, t.Value);
        }

        if (_i < _tokens.Count - 1)
        {
            _i++;
        }

        return t;
    }

    private Token Peek()
    {
        var t = _tokens[Math.Min(_i, _tokens.Count - 1)];
        return t.Kind == TokenKind.Error ? throw Error(t.Pos, t.Value) : t;
    }

    private void Backup() => _i--;

    private Token NextNonSpace()
    {
        Token t;
        do
        {
            t = Next();
        }
        while (t.Kind == TokenKind.Space);
        return t;
    }

    private Token PeekNonSpace()
    {
        while (Peek().Kind == TokenKind.Space)
        {
            _i++;
        }

        return Peek();
    }

    /// <summary>One level deeper; the caller leaves it with <c>_depth--</c> in a finally block.</summary>
    private void Enter(Token at)
    {
        if (++_depth > MaxNestingDepth)
        {
            throw Error(at.Pos, $"max expression depth exceeded: a tag template nests at most {MaxNestingDepth} levels of "
                + "parentheses, {{if}}, {{with}}, {{range}} and {{else if}}");
        }
    }

    private TemplateException Unexpected(Token token, string context) =>
        Error(token.Pos, $"unexpected {token.Describe()} in {context}");

    private ListNode ParseRoot()
    {
        var root = new ListNode(0, []);
        while (Peek().Kind != TokenKind.Eof)
        {
            var n = TextOrAction();
            if (n is EndNode or ElseNode)
            {
                throw Error(n.Pos, $"unexpected {n}");
            }

            root.Nodes.Add(n);
        }

        return root;
    }

    private Node TextOrAction()
    {
        var token = NextNonSpace();
        return token.Kind switch
        {
            TokenKind.Text => new TextNode(token.Pos, token.Value),
            TokenKind.LeftDelim => Action(),
            _ => throw Unexpected(token, "input"),
        };
    }

    private Node Action()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Define or TokenKind.Template or TokenKind.Block:
                throw Error(token.Pos, $"{{{{{token.Value}}}}} is not supported in tag templates: a tag template is a single template");
            case TokenKind.Else:
                return ElseControl(token);
            case TokenKind.End:
                return EndControl(token);
            case TokenKind.If:
                return Control(BranchKind.If, token);
            case TokenKind.With:
                return Control(BranchKind.With, token);
            case TokenKind.Range:
                return Control(BranchKind.Range, token);
            case TokenKind.Break:
            case TokenKind.Continue:
                return LoopControl(token);
        }

        Backup();
        var start = PeekNonSpace();
        return new ActionNode(start.Pos, Pipeline("command", TokenKind.RightDelim));
    }

    private Node LoopControl(Token keyword)
    {
        var token = NextNonSpace();
        var name = "{{" + keyword.Value + "}}";
        if (token.Kind != TokenKind.RightDelim)
        {
            throw Unexpected(token, name);
        }

        if (_rangeDepth == 0)
        {
            throw Error(keyword.Pos, $"{name} outside {{{{range}}}}");
        }

        return keyword.Kind == TokenKind.Break ? new BreakNode(keyword.Pos) : new ContinueNode(keyword.Pos);
    }

    private EndNode EndControl(Token keyword)
    {
        var token = NextNonSpace();
        return token.Kind == TokenKind.RightDelim ? new EndNode(keyword.Pos) : throw Unexpected(token, "end");
    }

    private ElseNode ElseControl(Token keyword)
    {
        // "{{else if …}}" and "{{else with …}}" leave the keyword for the enclosing control to chain on.
        var peek = PeekNonSpace();
        if (peek.Kind is TokenKind.If or TokenKind.With)
        {
            return new ElseNode(keyword.Pos);
        }

        var token = NextNonSpace();
        return token.Kind == TokenKind.RightDelim ? new ElseNode(keyword.Pos) : throw Unexpected(token, "else");
    }

    private BranchNode Control(BranchKind kind, Token keyword)
    {
        var context = kind.ToString().ToLowerInvariant();
        var mark = _vars.Count;
        try
        {
            Enter(keyword); // an "else if" chain recurses here once per link
            var pipe = Pipeline(context, TokenKind.RightDelim);
            if (kind == BranchKind.Range)
            {
                _rangeDepth++;
            }

            var (list, next) = ItemList();
            if (kind == BranchKind.Range)
            {
                _rangeDepth--;
            }

            ListNode? elseList = null;
            if (next is ElseNode)
            {
                var chained = kind switch
                {
                    BranchKind.If => TokenKind.If,
                    BranchKind.With => TokenKind.With,
                    _ => TokenKind.Error,
                };
                if (Peek().Kind == chained && chained != TokenKind.Error)
                {
                    // {{if a}}x{{else if b}}y{{end}} is {{if a}}x{{else}}{{if b}}y{{end}}{{end}}: one {{end}} closes both.
                    var inner = Next();
                    elseList = new ListNode(next.Pos, [Control(kind, inner)]);
                }
                else
                {
                    Node end;
                    (elseList, end) = ItemList();
                    if (end is not EndNode)
                    {
                        throw Error(end.Pos, $"expected end; found {end}");
                    }
                }
            }

            return new BranchNode(keyword.Pos, kind, pipe, list, elseList);
        }
        finally
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
            _depth--;
        }
    }

    private (ListNode List, Node Next) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Pos, []);
        while (PeekNonSpace().Kind != TokenKind.Eof)
        {
            var n = TextOrAction();
            if (n is EndNode or ElseNode)
            {
                return (list, n);
            }

            list.Nodes.Add(n);
        }

        throw Error(_text.Length, "unexpected EOF: a {{if}}, {{with}} or {{range}} is missing its {{end}}");
    }

    private PipeNode Pipeline(string context, TokenKind end)
    {
        var start = PeekNonSpace();
        var decls = new List<VariableDecl>();
        var isAssign = false;
        while (true)
        {
            var v = PeekNonSpace();
            if (v.Kind != TokenKind.Variable)
            {
                break;
            }

            var save = _i;
            Next();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                isAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                decls.Add(new VariableDecl(v.Pos, v.Value));
                _vars.Add(v.Value);
                break;
            }

            if (next.Kind == TokenKind.Char && next.Value == ",")
            {
                NextNonSpace();
                decls.Add(new VariableDecl(v.Pos, v.Value));
                _vars.Add(v.Value);
                if (context == "range" && decls.Count < 2)
                {
                    var after = PeekNonSpace();
                    if (after.Kind is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen)
                    {
                        continue; // the second range variable
                    }

                    throw Error(after.Pos, "range can only initialize variables");
                }

                throw Error(next.Pos, $"too many declarations in {context}");
            }

            _i = save; // "$x" was an operand, not a declaration
            break;
        }

        var pipe = new PipeNode(start.Pos, isAssign, decls, []);
        while (true)
        {
            var token = NextNonSpace();
            if (token.Kind == end)
            {
                CheckPipeline(pipe, context, token);
                if (end == TokenKind.RightParen)
                {
                    Backup();
                }

                return pipe;
            }

            switch (token.Kind)
            {
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier
                    or TokenKind.Number or TokenKind.Nil or TokenKind.RawString or TokenKind.String or TokenKind.Variable
                    or TokenKind.LeftParen:
                    Backup();
                    pipe.Cmds.Add(Command());
                    break;
                default:
                    throw Unexpected(token, context);
            }
        }
    }

    private void CheckPipeline(PipeNode pipe, string context, Token end)
    {
        if (pipe.Cmds.Count == 0)
        {
            throw Error(end.Pos, $"missing value for {context}");
        }

        for (var i = 1; i < pipe.Cmds.Count; i++)
        {
            if (pipe.Cmds[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                throw Error(pipe.Cmds[i].Pos, $"non executable command in pipeline stage {i + 1}");
            }
        }
    }

    private CommandNode Command()
    {
        var cmd = new CommandNode(PeekNonSpace().Pos, []);
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand is not null)
            {
                cmd.Args.Add(operand);
            }

            var token = Next();
            if (token.Kind == TokenKind.Space)
            {
                continue;
            }

            if (token.Kind is TokenKind.RightDelim or TokenKind.RightParen)
            {
                Backup();
            }
            else if (token.Kind != TokenKind.Pipe)
            {
                throw Error(token.Pos, $"unexpected {token.Describe()} in operand");
            }

            break;
        }

        return cmd.Args.Count == 0 ? throw Error(cmd.Pos, "empty command") : cmd;
    }

    private Node? Operand()
    {
        var node = Term();
        if (node is null || Peek().Kind != TokenKind.Field)
        {
            return node;
        }

        var steps = new List<FieldStep>();
        while (Peek().Kind == TokenKind.Field)
        {
            var f = Next();
            steps.Add(new FieldStep(f.Pos, f.Value[1..]));
        }

        return node switch
        {
            FieldNode field => new FieldNode(field.Pos, [.. field.Steps, .. steps]),
            VariableNode variable => new VariableNode(variable.Pos, variable.Name, [.. variable.Steps, .. steps]),
            BoolNode or StringNode or NumberNode or NilNode or DotNode =>
                throw Error(steps[0].Pos, $"unexpected . after term {GoQuote.Quote(node.ToString())}"),
            _ => new ChainNode(node.Pos, node, steps),
        };
    }

    private Node? Term()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                if (!Builtins.IsDefined(token.Value))
                {
                    throw Error(token.Pos, $"function {GoQuote.Quote(token.Value)} not defined");
                }

                return new IdentifierNode(token.Pos, token.Value);
            case TokenKind.Dot:
                return new DotNode(token.Pos);
            case TokenKind.Nil:
                return new NilNode(token.Pos);
            case TokenKind.Variable:
                if (!_vars.Contains(token.Value))
                {
                    throw Error(token.Pos, $"undefined variable {GoQuote.Quote(token.Value)}");
                }

                return new VariableNode(token.Pos, token.Value, []);
            case TokenKind.Field:
                return new FieldNode(token.Pos, [new FieldStep(token.Pos, token.Value[1..])]);
            case TokenKind.Bool:
                return new BoolNode(token.Pos, token.Value == "true");
            case TokenKind.CharConstant:
            case TokenKind.Number:
                return new NumberNode(token.Pos, token.Value, ParseNumber(token));
            case TokenKind.LeftParen:
                {
                    PipeNode pipe;
                    try
                    {
                        Enter(token);
                        pipe = Pipeline("parenthesized pipeline", TokenKind.RightParen);
                    }
                    finally
                    {
                        _depth--;
                    }

                    var close = Next();
                    return close.Kind == TokenKind.RightParen
                        ? pipe
                        : throw Error(close.Pos, $"unclosed right paren: unexpected {close.Describe()}");
                }

            case TokenKind.String:
                {
                    var body = token.Value[1..^1];
                    var text = GoQuote.Unquote(body, '"', out var bad)
                        ?? throw Error(token.Pos + 1 + bad, $"invalid escape sequence in string {token.Describe()}");
                    return new StringNode(token.Pos, token.Value, text);
                }

            case TokenKind.RawString:
                // Go drops carriage returns from raw strings.
                return new StringNode(token.Pos, token.Value, token.Value[1..^1].Replace("\r", "", StringComparison.Ordinal));
        }

        Backup();
        return null;
    }

    private TemplateValue ParseNumber(Token token)
    {
        var text = token.Value;
        if (token.Kind == TokenKind.CharConstant)
        {
            var body = text[1..^1];
            var s = GoQuote.Unquote(body, '\'', out _);
            if (s is null || s.Length == 0 || s.EnumerateRunes().Count() != 1)
            {
                throw Error(token.Pos, $"malformed character constant: {text}");
            }

            return TemplateValue.Of((long)s.EnumerateRunes().First().Value);
        }

        if (text.EndsWith('i'))
        {
            throw Error(token.Pos, $"complex number {text} is not supported in tag templates");
        }

        var clean = text.Replace("_", "", StringComparison.Ordinal);
        var negative = clean.StartsWith('-');
        var unsigned = clean.TrimStart('+', '-');
        var isHex = unsigned.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (isHex && unsigned.IndexOfAny(['p', 'P']) >= 0)
        {
            throw Error(token.Pos, $"hexadecimal floating-point number {text} is not supported in tag templates");
        }

        if (!isHex && unsigned.IndexOfAny(['.', 'e', 'E']) >= 0)
        {
            return double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && !double.IsInfinity(f)
                ? TemplateValue.Of(f)
                : throw Error(token.Pos, $"illegal number syntax: {GoQuote.Quote(text)}");
        }

        var (digits, numberBase) = unsigned switch
        {
            _ when isHex => (unsigned[2..], 16),
            _ when unsigned.StartsWith("0o", StringComparison.OrdinalIgnoreCase) => (unsigned[2..], 8),
            _ when unsigned.StartsWith("0b", StringComparison.OrdinalIgnoreCase) => (unsigned[2..], 2),
            _ when unsigned.Length > 1 && unsigned[0] == '0' && unsigned.All(c => c is >= '0' and <= '7') => (unsigned[1..], 8),
            _ => (unsigned, 10),
        };
        if (digits.Length == 0)
        {
            throw Error(token.Pos, $"illegal number syntax: {GoQuote.Quote(text)}");
        }

        System.Numerics.BigInteger value = 0;
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= numberBase)
            {
                throw Error(token.Pos, $"illegal number syntax: {GoQuote.Quote(text)}");
            }

            value = (value * numberBase) + d;
        }

        if (negative)
        {
            value = -value;
        }

        return value >= long.MinValue && value <= long.MaxValue
            ? TemplateValue.Of((long)value)
            : throw Error(token.Pos, $"{text} overflows int");
    }
}
