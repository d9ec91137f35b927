using Berth.Templates;

namespace Berth.Core.Tests.Templates;

/// <summary>Syntax and execution errors name the problem, the line and the (1-based) column.</summary>
public sealed class TemplateErrorTests
{
    public static TheoryData<string, int, int, string> Cases => new()
    {
        // Parse errors.
        { "{{ .CommitID }-{{ .Branch }}", 1, 14, "unexpected \"}\" in operand" },
        { "{{ if .Ci }}x", 1, 14, "unexpected EOF" },
        { "a{{ end }}", 1, 5, "unexpected {{end}}" },
        { "{{ printf \"%d\" 1 }}{{ else }}", 1, 23, "unexpected {{else}}" },
        { "{{ .Branch", 1, 11, "unclosed action" },
        { "{{ | .Branch }}", 1, 4, "unexpected \"|\" in command" },
        { "{{ .Branch | \"x\" }}", 1, 14, "non executable command in pipeline stage 2" },
        { "{{ nope }}", 1, 4, "function \"nope\" not defined" },
        { "{{ $x }}", 1, 4, "undefined variable \"$x\"" },
        { "{{ }}", 1, 4, "missing value for command" },
        { "{{ \"abc }}", 1, 4, "unterminated quoted string" },
        { "{{/* x }}", 1, 1, "unclosed comment" },
        { "{{ break }}", 1, 4, "{{break}} outside {{range}}" },
        { "{{ if }}x{{ end }}", 1, 7, "missing value for if" },
        { "{{ 12ab }}", 1, 4, "bad number syntax: \"12a\"" },
        { "{{ template \"x\" }}", 1, 4, "not supported in tag templates" },
        { "ok\n{{ if .Ci }}\n{{ else }}\n{{ end }}{{ end }}", 4, 13, "unexpected {{end}}" },

        // Execution errors.
        { "{{ .Nope }}", 1, 4, "can't evaluate field Nope in type TagTemplateData" },
        { "ok-{{ .Time.Nope }}", 1, 12, "can't evaluate field Nope in type time.Time" },
        { "line1\n  {{ .Nope }}", 2, 6, "at <.Nope>: can't evaluate field Nope" },
        { "{{ .Branch.Foo }}", 1, 11, "can't evaluate field Foo in type string" },
        { "{{ .Time.Format }}", 1, 9, "wrong number of args for Format: want 1 got 0" },
        { "{{ .Time.Format 2006 }}", 1, 17, "expected string; found 2006" },
        { "{{ .Branch \"x\" }}", 1, 4, "Branch has arguments but cannot be invoked as function" },
        { "{{ len 3 }}", 1, 4, "error calling len: len of type int" },
        { "{{ index \"abc\" 5 }}", 1, 4, "error calling index: index out of range: 5" },
        { "{{ slice \"abc\" 2 1 }}", 1, 4, "error calling slice: invalid slice index: 2 > 1" },
        { "{{ eq 1 \"a\" }}", 1, 4, "error calling eq: incompatible types for comparison" },
        { "{{ lt true false }}", 1, 4, "error calling lt: invalid type for comparison" },
        { "{{ ne 1 }}", 1, 4, "wrong number of args for ne: want 2 got 1" },
        { "{{ range .Branch }}{{ end }}", 1, 10, "range can't iterate over feature/login" },
        { "{{ nil }}", 1, 4, "nil is not a command" },
        { "{{ 1 2 }}", 1, 4, "can't give argument to non-function 1" },

        // Limits, found by fuzzing: nesting recursed until the stack overflowed (a crash, not an error), and nested
        // ranges or a printf width in a loop ran for hours. 101 levels: the 101st "{{if" starts at offset 800.
        { Repeat("{{if 1}}", 101) + Repeat("{{end}}", 101), 1, 803, "max expression depth exceeded: a tag template nests at most 100 levels" },
        { "{{" + Repeat("(", 101) + "1" + Repeat(")", 101) + "}}", 1, 103, "max expression depth exceeded" },
        // {{if 0}} and 99 "{{else if 0}}" links are 100 levels; the 100th link's "if" (offset 8 + 99 × 13 + 7) is one more.
        { "{{if 0}}" + Repeat("{{else if 0}}", 100) + "{{end}}", 1, 1303, "max expression depth exceeded" },
        { "{{range 100000}}{{range 100000}}{{end}}{{end}}", 1, 19, "at <{{range 100000}}{{end}}>: execution stopped after 1000000 steps" },
        { "{{$x := \"ab\"}}{{range 100}}{{$x = printf \"%s%s\" $x $x}}{{end}}", 1, 35, "execution stopped after 1000000 steps" },
        { "ok{{ printf \"%1048577d\" 1 }}", 1, 6, "the output is longer than 1048576 characters" },
    };

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_line_column_and_reason(string template, int line, int column, string reason)
    {
        var ex = Assert.Throws<TemplateException>(() => TemplateFixture.Raw(template));
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"template: tag:{line}:{column}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Brief_example_message_is_exact()
    {
        var ex = Assert.Throws<TemplateException>(() => TagTemplate.Parse("{{ .CommitID }-{{ .Branch }}"));
        Assert.Equal("template: tag:1:14: unexpected \"}\" in operand", ex.Message);
    }

    [Fact]
    public void Unknown_field_message_lists_the_fields_that_exist()
    {
        var ex = Assert.Throws<TemplateException>(() => TemplateFixture.Raw("{{ .Nope }}"));
        Assert.StartsWith("template: tag:1:4: executing \"tag\" at <.Nope>: can't evaluate field Nope in type TagTemplateData", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CommitID", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_field_in_a_branch_not_taken_is_not_evaluated()
    {
        Assert.Equal("ok", TemplateFixture.Raw("{{ if false }}{{ .Nope }}{{ end }}ok"));
    }
}
