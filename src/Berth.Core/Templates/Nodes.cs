using System.Text;

namespace Berth.Templates;

// The parse tree. Each node keeps the offset it starts at so errors can name line and column,
// and prints itself back as template source for Go-style "at <...>" error context.

internal abstract record Node(int Pos)
{
    public abstract void Write(StringBuilder sb);

    // Sealed so records deriving from Node print as template source, not as record members.
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }
}

internal sealed record ListNode(int Pos, List<Node> Nodes) : Node(Pos)
{
    public override void Write(StringBuilder sb)
    {
        foreach (var n in Nodes)
        {
            n.Write(sb);
        }
    }
}

internal sealed record TextNode(int Pos, string Text) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append(Text);
}

internal sealed record ActionNode(int Pos, PipeNode Pipe) : Node(Pos)
{
    public override void Write(StringBuilder sb)
    {
        sb.Append("{{");
        Pipe.Write(sb);
        sb.Append("}}");
    }
}

internal sealed record VariableDecl(int Pos, string Name);

internal sealed record PipeNode(int Pos, bool IsAssign, List<VariableDecl> Decl, List<CommandNode> Cmds) : Node(Pos)
{
    public override void Write(StringBuilder sb)
    {
        if (Decl.Count > 0)
        {
            sb.AppendJoin(", ", Decl.Select(d => d.Name));
            sb.Append(IsAssign ? " = " : " := ");
        }

        for (var i = 0; i < Cmds.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(" | ");
            }

            Cmds[i].Write(sb);
        }
    }
}

internal sealed record CommandNode(int Pos, List<Node> Args) : Node(Pos)
{
    public override void Write(StringBuilder sb)
    {
        for (var i = 0; i < Args.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            if (Args[i] is PipeNode pipe)
            {
                sb.Append('(');
                pipe.Write(sb);
                sb.Append(')');
            }
            else
            {
                Args[i].Write(sb);
            }
        }
    }
}

/// <summary>One <c>.Name</c> step of a field chain, with the offset of its dot.</summary>
internal sealed record FieldStep(int Pos, string Name);

/// <summary><c>.A.B</c> evaluated against dot.</summary>
internal sealed record FieldNode(int Pos, List<FieldStep> Steps) : Node(Pos)
{
    public override void Write(StringBuilder sb)
    {
        foreach (var s in Steps)
        {
            sb.Append('.').Append(s.Name);
        }
    }
}

/// <summary><c>$x</c> or <c>$x.A.B</c>.</summary>
internal sealed record VariableNode(int Pos, string Name, List<FieldStep> Steps) : Node(Pos)
{
    public override void Write(StringBuilder sb)
    {
        sb.Append(Name);
        foreach (var s in Steps)
        {
            sb.Append('.').Append(s.Name);
        }
    }
}

/// <summary><c>(pipeline).A.B</c>.</summary>
internal sealed record ChainNode(int Pos, Node Inner, List<FieldStep> Steps) : Node(Pos)
{
    public override void Write(StringBuilder sb)
    {
        if (Inner is PipeNode)
        {
            sb.Append('(');
            Inner.Write(sb);
            sb.Append(')');
        }
        else
        {
            Inner.Write(sb);
        }

        foreach (var s in Steps)
        {
            sb.Append('.').Append(s.Name);
        }
    }
}

internal sealed record IdentifierNode(int Pos, string Name) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append(Name);
}

internal sealed record DotNode(int Pos) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append('.');
}

internal sealed record NilNode(int Pos) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append("nil");
}

internal sealed record BoolNode(int Pos, bool Value) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append(Value ? "true" : "false");
}

internal sealed record StringNode(int Pos, string Quoted, string Text) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append(Quoted);
}

/// <summary>A number literal, already classified the way Go's template evaluates it for an <c>any</c> argument.</summary>
internal sealed record NumberNode(int Pos, string Text, TemplateValue Value) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append(Text);
}

internal enum BranchKind
{
    If,
    With,
    Range,
}

/// <summary><c>if</c>, <c>with</c> or <c>range</c> with its optional else list.</summary>
internal sealed record BranchNode(int Pos, BranchKind Kind, PipeNode Pipe, ListNode List, ListNode? ElseList) : Node(Pos)
{
    public override void Write(StringBuilder sb)
    {
        sb.Append("{{").Append(Kind.ToString().ToLowerInvariant()).Append(' ');
        Pipe.Write(sb);
        sb.Append("}}");
        List.Write(sb);
        if (ElseList is not null)
        {
            sb.Append("{{else}}");
            ElseList.Write(sb);
        }

        sb.Append("{{end}}");
    }
}

internal sealed record BreakNode(int Pos) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append("{{break}}");
}

internal sealed record ContinueNode(int Pos) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append("{{continue}}");
}

/// <summary>Parser-internal markers for <c>{{end}}</c> and <c>{{else}}</c>; never in a finished tree.</summary>
internal sealed record EndNode(int Pos) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append("{{end}}");
}

internal sealed record ElseNode(int Pos) : Node(Pos)
{
    public override void Write(StringBuilder sb) => sb.Append("{{else}}");
}
