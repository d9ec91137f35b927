using System.Text;

namespace Berth.Templates;

/// <summary>
/// Executes a parsed template against <see cref="TagTemplateData"/> with Go's semantics: dot, <c>$</c> and
/// scoped variables, pipelines passing the previous result as the last argument, Go truthiness,
/// short-circuit <c>and</c>/<c>or</c>, method calls on the time value and Go's execution error messages.
/// </summary>
internal sealed class TemplateEvaluator
{
    /// <summary>Most iterations one <c>{{range}}</c> may run.</summary>
    internal const int MaxRangeIterations = 100_000;

    /// <summary>
    /// Most work one execution may do, in steps: every node walked and every command evaluated is a step, and so is every
    /// <see cref="CharsPerStep"/> characters a function or method is given or returns. Go has no such limit; without it
    /// nested ranges (<c>{{range 100000}}{{range 100000}}</c>) or a string doubled in a loop would run for hours or exhaust
    /// memory. A tag template takes a few hundred steps; one <c>{{range}}</c> of <see cref="MaxRangeIterations"/> still fits.
    /// </summary>
    internal const int MaxSteps = 1_000_000;

    /// <summary>Characters of string work that count as one step.</summary>
    internal const int CharsPerStep = 64;

    /// <summary>Longest output, in characters, before sanitizing: a tag has at most 128.</summary>
    internal const int MaxOutputLength = 1 << 20;

    private readonly string _text;
    private readonly StringBuilder _out = new();
    private readonly List<(string Name, TemplateValue Value)> _vars = [];
    private long _steps;

    private TemplateEvaluator(string text) => _text = text;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public static string Execute(string text, ListNode root, TagTemplateData data)
    {
        var e = new TemplateEvaluator(text);
        var dot = TemplateValue.Of(data);
        e._vars.Add(("$", dot));
        e.Walk(dot, root);
        return e._out.ToString();
    }

    private TemplateException Error(Node at, string reason, int? pos = null) =>
        TemplateException.At(_text, pos ?? at.Pos, $"executing {GoQuote.Quote(TemplateException.TemplateName)} at <{at}>: {reason}");

    /// <summary>Counts <paramref name="steps"/> against <see cref="MaxSteps"/>.</summary>
    private void Step(Node at, long steps)
    {
        _steps += steps;
        if (_steps > MaxSteps)
        {
            throw Error(at, $"execution stopped after {MaxSteps} steps, the most a tag template may take (nested {{{{range}}}} loops multiply)");
        }
    }

    /// <summary>The steps string work takes: the string arguments a function reads and the string it returns.</summary>
    private static long StringWork(IEnumerable<TemplateValue> args, TemplateValue result)
    {
        long chars = result.Kind == ValueKind.String ? result.String.Length : 0;
        foreach (var arg in args)
        {
            chars += arg.Kind == ValueKind.String ? arg.String.Length : 0;
        }

        return chars / CharsPerStep;
    }

    private void Write(Node at, string text)
    {
        if (_out.Length + (long)text.Length > MaxOutputLength)
        {
            throw Error(at, $"the output is longer than {MaxOutputLength} characters, the most a tag template may write (a tag has at most {TagSanitizer.MaxLength})");
        }

        Step(at, text.Length / CharsPerStep);
        _out.Append(text);
    }

    private Flow Walk(TemplateValue dot, Node node)
    {
        if (node is not ListNode)
        {
            Step(node, 1); // a list is no work of its own; an empty range body is counted per iteration below
        }

        switch (node)
        {
            case TextNode text:
                Write(text, text.Text);
                return Flow.Normal;
            case ActionNode action:
                {
                    var value = EvalPipeline(dot, action.Pipe);
                    if (action.Pipe.Decl.Count == 0)
                    {
                        Write(action, GoFormat.FormatValue(value));
                    }

                    return Flow.Normal;
                }

            case ListNode list:
                foreach (var n in list.Nodes)
                {
                    var flow = Walk(dot, n);
                    if (flow != Flow.Normal)
                    {
                        return flow;
                    }
                }

                return Flow.Normal;
            case BranchNode { Kind: BranchKind.Range } range:
                return WalkRange(dot, range);
            case BranchNode branch:
                {
                    var mark = _vars.Count;
                    try
                    {
                        var value = EvalPipeline(dot, branch.Pipe);
                        if (value.IsTrue)
                        {
                            return Walk(branch.Kind == BranchKind.With ? value : dot, branch.List);
                        }

                        return branch.ElseList is null ? Flow.Normal : Walk(dot, branch.ElseList);
                    }
                    finally
                    {
                        Pop(mark);
                    }
                }

            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            default:
                throw Error(node, $"unknown node {node.GetType().Name}");
        }
    }

    private Flow WalkRange(TemplateValue dot, BranchNode range)
    {
        var mark = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, range.Pipe);
            switch (value.Kind)
            {
                case ValueKind.Int or ValueKind.Byte or ValueKind.Month or ValueKind.Weekday:
                    {
                        if (range.Pipe.Decl.Count > 1)
                        {
                            throw Error(range, $"can't use {GoFormat.FormatValue(value)} to iterate over more than one variable", range.Pipe.Pos);
                        }

                        if (value.Int > MaxRangeIterations)
                        {
                            throw Error(range, $"range over {value.Int} exceeds the {MaxRangeIterations} iterations a tag template may run", range.Pipe.Pos);
                        }

                        for (var i = 0L; i < value.Int; i++)
                        {
                            Step(range, 1);
                            var elem = TemplateValue.Of(i);
                            var inner = _vars.Count;
                            if (range.Pipe.Decl.Count == 1)
                            {
                                SetVar(range, range.Pipe.Decl[0].Name, elem);
                            }

                            var flow = Walk(elem, range.List);
                            Pop(inner);
                            if (flow == Flow.Break)
                            {
                                break;
                            }
                        }

                        if (value.Int > 0)
                        {
                            return Flow.Normal;
                        }

                        break;
                    }

                case ValueKind.Nil:
                    break;
                default:
                    throw Error(range, $"range can't iterate over {GoFormat.FormatValue(value)}", range.Pipe.Pos);
            }

            return range.ElseList is null ? Flow.Normal : Walk(dot, range.ElseList);
        }
        finally
        {
            Pop(mark);
        }
    }

    private void Pop(int mark) => _vars.RemoveRange(mark, _vars.Count - mark);

    private void SetVar(Node at, string name, TemplateValue value)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                _vars[i] = (name, value);
                return;
            }
        }

        throw Error(at, $"undefined variable: {name}");
    }

    private TemplateValue VarValue(Node at, string name)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                return _vars[i].Value;
            }
        }

        throw Error(at, $"undefined variable: {name}");
    }

    private TemplateValue EvalPipeline(TemplateValue dot, PipeNode pipe)
    {
        TemplateValue? value = null;
        foreach (var cmd in pipe.Cmds)
        {
            value = EvalCommand(dot, cmd, value);
        }

        var result = value ?? TemplateValue.Nil;
        foreach (var decl in pipe.Decl)
        {
            if (pipe.IsAssign)
            {
                SetVar(pipe, decl.Name, result);
            }
            else
            {
                _vars.Add((decl.Name, result));
            }
        }

        return result;
    }

    private void NotAFunction(List<Node> args, TemplateValue? final)
    {
        if (args.Count > 1 || final is not null)
        {
            throw Error(args[0], $"can't give argument to non-function {args[0]}");
        }
    }

    private TemplateValue EvalCommand(TemplateValue dot, CommandNode cmd, TemplateValue? final)
    {
        Step(cmd, 1);
        var first = cmd.Args[0];
        switch (first)
        {
            case FieldNode field:
                return EvalFieldChain(dot, dot, field, field.Steps, cmd.Args, final);
            case ChainNode chain:
                return EvalChain(dot, chain, cmd.Args, final);
            case IdentifierNode identifier:
                return EvalFunction(dot, identifier, cmd, cmd.Args, final);
            case PipeNode pipe:
                NotAFunction(cmd.Args, final);
                return EvalPipeline(dot, pipe);
            case VariableNode variable:
                return EvalVariable(dot, variable, cmd.Args, final);
        }

        NotAFunction(cmd.Args, final);
        return first switch
        {
            BoolNode b => TemplateValue.Of(b.Value),
            DotNode => dot,
            NilNode => throw Error(first, "nil is not a command"),
            NumberNode n => n.Value,
            StringNode s => TemplateValue.Of(s.Text),
            _ => throw Error(first, $"can't evaluate command {GoQuote.Quote(first.ToString())}"),
        };
    }

    private TemplateValue EvalVariable(TemplateValue dot, VariableNode variable, List<Node>? args, TemplateValue? final)
    {
        var value = VarValue(variable, variable.Name);
        if (variable.Steps.Count == 0)
        {
            if (args is not null)
            {
                NotAFunction(args, final);
            }

            return value;
        }

        return EvalFieldChain(dot, value, variable, variable.Steps, args, final);
    }

    private TemplateValue EvalChain(TemplateValue dot, ChainNode chain, List<Node>? args, TemplateValue? final)
    {
        if (chain.Inner is NilNode)
        {
            throw Error(chain, $"indirection through explicit nil in {chain}");
        }

        var receiver = EvalArg(dot, chain.Inner);
        return EvalFieldChain(dot, receiver, chain, chain.Steps, args, final);
    }

    private TemplateValue EvalFieldChain(TemplateValue dot, TemplateValue receiver, Node node, List<FieldStep> steps, List<Node>? args, TemplateValue? final)
    {
        for (var i = 0; i < steps.Count - 1; i++)
        {
            receiver = EvalField(dot, steps[i], node, null, null, receiver);
        }

        return EvalField(dot, steps[^1], node, args, final, receiver);
    }

    /// <summary>One <c>.Name</c> step: a method of the receiver (called with the command's arguments) or a field.</summary>
    private TemplateValue EvalField(TemplateValue dot, FieldStep step, Node node, List<Node>? args, TemplateValue? final, TemplateValue receiver)
    {
        var hasArgs = (args is not null && args.Count > 1) || final is not null;
        if (receiver.Kind == ValueKind.Nil)
        {
            return TemplateValue.Nil; // Go yields no value for a field of nil data.
        }

        if (TemplateMethods.TryGet(receiver, step.Name, out var method))
        {
            var argv = new List<TemplateValue>();
            var argNodes = args is null ? [] : args.Skip(1).ToList();
            var numIn = argNodes.Count + (final is null ? 0 : 1);
            if (numIn != method.ParameterCount)
            {
                throw Error(node, $"wrong number of args for {step.Name}: want {method.ParameterCount} got {numIn}", step.Pos);
            }

            foreach (var argNode in argNodes)
            {
                argv.Add(EvalStringArg(dot, argNode));
            }

            if (final is { } f)
            {
                argv.Add(f.Kind == ValueKind.String ? f : throw Error(node, $"wrong type for value; expected string; got {f.TypeName}", step.Pos));
            }

            var result = method.Invoke(receiver, argv);
            Step(node, StringWork(argv, result));
            return result;
        }

        if (receiver.Kind == ValueKind.Data)
        {
            if (receiver.Data!.TryGetField(step.Name, out var value))
            {
                return hasArgs
                    ? throw Error(node, $"{step.Name} has arguments but cannot be invoked as function", step.Pos)
                    : value;
            }

            throw Error(node, $"can't evaluate field {step.Name} in type {nameof(TagTemplateData)} (fields are {string.Join(", ", TagTemplateData.FieldNames)})", step.Pos);
        }

        throw Error(node, $"can't evaluate field {step.Name} in type {receiver.TypeName}", step.Pos);
    }

    /// <summary>An argument to a function taking <c>any</c>: literals become Go's ideal constants.</summary>
    private TemplateValue EvalArg(TemplateValue dot, Node n) => n switch
    {
        DotNode => dot,
        NilNode => TemplateValue.Nil,
        FieldNode field => EvalFieldChain(dot, dot, field, field.Steps, [field], null),
        VariableNode variable => EvalVariable(dot, variable, null, null),
        PipeNode pipe => EvalPipeline(dot, pipe),
        IdentifierNode identifier => EvalFunction(dot, identifier, identifier, [identifier], null),
        ChainNode chain => EvalChain(dot, chain, null, null),
        BoolNode b => TemplateValue.Of(b.Value),
        NumberNode number => number.Value,
        StringNode s => TemplateValue.Of(s.Text),
        _ => throw Error(n, $"can't handle {n} for arg"),
    };

    /// <summary>An argument to a parameter of type string (time.Format's layout, printf's format).</summary>
    private TemplateValue EvalStringArg(TemplateValue dot, Node n)
    {
        switch (n)
        {
            case StringNode s:
                return TemplateValue.Of(s.Text);
            case NilNode:
                throw Error(n, "cannot assign nil to string");
            case BoolNode or NumberNode:
                throw Error(n, $"expected string; found {n}");
        }

        var value = EvalArg(dot, n);
        return value.Kind == ValueKind.String ? value : throw Error(n, $"wrong type for value; expected string; got {value.TypeName}");
    }

    private TemplateValue EvalFunction(TemplateValue dot, IdentifierNode identifier, Node cmd, List<Node> args, TemplateValue? final)
    {
        var name = identifier.Name;
        var argNodes = args.Skip(1).ToList();
        var numIn = argNodes.Count + (final is null ? 0 : 1);
        var (min, max) = Builtins.Arity(name);
        if (max < 0 && numIn < min)
        {
            throw Error(identifier, $"wrong number of args for {name}: want at least {min} got {numIn}");
        }

        if (max >= 0 && numIn != max)
        {
            throw Error(identifier, $"wrong number of args for {name}: want {max} got {numIn}");
        }

        if (name is "and" or "or")
        {
            // Short-circuit: stop at the first argument that decides the result and return it.
            var v = TemplateValue.Nil;
            foreach (var argNode in argNodes)
            {
                v = EvalArg(dot, argNode);
                if (v.IsTrue == (name == "or"))
                {
                    return v;
                }
            }

            return final ?? v;
        }

        var argv = new List<TemplateValue>(numIn);
        for (var i = 0; i < argNodes.Count; i++)
        {
            argv.Add(name == "printf" && i == 0 ? EvalStringArg(dot, argNodes[i]) : EvalArg(dot, argNodes[i]));
        }

        if (final is { } f)
        {
            if (name == "printf" && argNodes.Count == 0 && f.Kind != ValueKind.String)
            {
                throw Error(cmd, $"wrong type for value; expected string; got {f.TypeName}");
            }

            argv.Add(f);
        }

        TemplateValue called;
        try
        {
            called = Call(name, argv);
        }
        catch (BuiltinException ex)
        {
            throw Error(cmd, $"error calling {name}: {ex.Message}");
        }

        Step(cmd, StringWork(argv, called));
        return called;
    }

    private static TemplateValue Call(string name, List<TemplateValue> argv) => name switch
    {
        "not" => TemplateValue.Of(!argv[0].IsTrue),
        "len" => Builtins.Len(argv[0]),
        "index" => Builtins.Index(argv[0], argv[1..]),
        "slice" => Builtins.Slice(argv[0], argv[1..]),
        "print" => TemplateValue.Of(GoFormat.Sprint(argv)),
        "println" => TemplateValue.Of(GoFormat.Sprintln(argv)),
        "printf" => TemplateValue.Of(GoFormat.Sprintf(argv[0].String, argv[1..])),
        "eq" => TemplateValue.Of(Builtins.Eq(argv[0], argv[1..])),
        "ne" => TemplateValue.Of(!Builtins.Eq(argv[0], [argv[1]])),
        "lt" => TemplateValue.Of(Builtins.Lt(argv[0], argv[1])),
        "le" => TemplateValue.Of(Builtins.Lt(argv[0], argv[1]) || Builtins.Eq(argv[0], [argv[1]])),
        "gt" => TemplateValue.Of(!(Builtins.Lt(argv[0], argv[1]) || Builtins.Eq(argv[0], [argv[1]]))),
        "ge" => TemplateValue.Of(!Builtins.Lt(argv[0], argv[1])),
        "html" => TemplateValue.Of(Builtins.Html(argv)),
        "js" => TemplateValue.Of(Builtins.Js(argv)),
        "urlquery" => TemplateValue.Of(Builtins.UrlQuery(argv)),
        "call" => throw new BuiltinException(argv[0].Kind == ValueKind.Nil ? "call of nil" : $"non-function of type {argv[0].TypeName}"),
        _ => throw new BuiltinException($"function {name} not defined"),
    };
}
