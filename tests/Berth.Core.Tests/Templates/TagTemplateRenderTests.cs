using Berth.Templates;

namespace Berth.Core.Tests.Templates;

/// <summary>
/// Raw template output for the fixture build. Expected values come from Go's text/template and fmt rules
/// (worked by hand from their documentation), not from running this implementation.
/// </summary>
public sealed class TagTemplateRenderTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // The seed's own examples.
        { "{{ .CommitID }}", "0123456789abcdef0123456789abcdef01234567" },
        { "{{ .CiName }}-{{ .Branch }}", "codeship-feature/login" },
        { "dev", "dev" },

        // Every documented field.
        { "{{.ProjectID}}", "1234" },
        { "{{.BuildID}}", "5678-abc" },
        { "{{.RepoName}}", "berth" },
        { "{{.CommitMessage}}", "Fix: login bug" },
        { "[{{.CommitDescription}}]", "[]" },
        { "{{.CommitterName}}|{{.CommitterEmail}}|{{.CommitterUsername}}", "Ada Lovelace|ada@example.com|ada" },
        { "{{.Timestamp}}", "1772600767" },
        { "{{.StringTime}}", "2026-03-04T05:06:07Z" },
        { "{{.StepName}}/{{.ServiceName}}/{{.ImageName}}", "push_app/app/registry.example.com/team/app" },
        { "{{.Ci}} {{.CiName}}", "true codeship" },
        { "{{.Time}}", "2026-03-04 05:06:07.089 +0000 UTC" },

        // Trim markers need the space; a dash without it is a sign.
        { "a  {{- .Ci -}}  b", "atrueb" },
        { "a {{- \"x\"}} b", "ax b" },
        { "a {{\"x\" -}} b", "a xb" },
        { "{{-3}}", "-3" },
        { "x {{3 -}}\n\n y", "x 3y" },
        { "a\n\t{{- /* note */ -}}\n b", "ab" },
        { "{{/* comment */}}x", "x" },

        // Pipelines: the previous value becomes the last argument.
        { "{{ .Branch | printf \"%s-x\" }}", "feature/login-x" },
        { "{{ \"abc\" | len }}", "3" },
        { "{{ .CommitID | printf \"%.7s\" }}", "0123456" },
        { "{{ \"2006\" | .Time.Format }}", "2026" },
        { "{{ (printf \"%s-%s\" .CiName .Ci) }}", "codeship-true" },
        { "{{ printf \"%s\" (slice .CommitID 0 7) }}", "0123456" },
        { "{{ .Branch | len | printf \"%03d\" }}", "013" },
        { "{{ 3 | printf \"%d-%d\" 4 }}", "4-3" },
        { "{{ (.Time.UTC).Day }}", "4" },

        // Variables.
        { "{{ $x := \"v\" }}{{ $x }}{{ $x = \"w\" }}{{ $x }}", "vw" },
        { "{{ with .Time }}{{ $.Branch }}{{ end }}", "feature/login" },
        { "{{ with $t := .Time }}{{ $t.Month }}{{ end }}", "March" },

        // if / else if / else / with, Go truthiness.
        { "{{ if .CommitDescription }}d{{ else }}nod{{ end }}", "nod" },
        { "{{ if eq .Branch \"main\" }}prod{{ else if eq .Branch \"feature/login\" }}feat{{ else }}other{{ end }}", "feat" },
        { "{{ if 0 }}a{{ else }}b{{ end }}", "b" },
        { "{{ if .Time }}t{{ end }}", "t" },
        { "{{ with .Time }}{{ .Year }}{{ end }}", "2026" },
        { "{{ with .CommitDescription }}{{ . }}{{ else }}none{{ end }}", "none" },
        { "{{ with .CommitDescription }}x{{ else with .RepoName }}{{ . }}{{ end }}", "berth" },

        // and/or return an argument and stop early; the unknown field after the deciding one is never evaluated.
        { "{{ and .Ci .CiName }}", "codeship" },
        { "{{ or .CommitDescription \"none\" }}", "none" },
        { "[{{ and .CommitDescription .Nope }}]", "[]" },
        { "{{ or .Branch .Nope }}", "feature/login" },
        { "{{ not .CommitDescription }} {{ not 1 }}", "true false" },

        // range over an integer (Go 1.24), break and continue.
        { "{{ range 3 }}{{ . }}{{ end }}", "012" },
        { "{{ range $i := 4 }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $i }}{{ end }}", "01" },
        { "{{ range $i := 3 }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $i }}{{ end }}", "02" },
        { "{{ range 0 }}x{{ else }}empty{{ end }}", "empty" },

        // Builtins.
        { "{{ len .CommitID }}", "40" },
        { "{{ len \"h\u00e9llo\" }}", "6" },
        { "{{ index \"abc\" 1 }}", "98" },
        { "{{ eq (index \"a\" 0) 97 }}", "true" },
        { "{{ slice \"abcdef\" 1 3 }}", "bc" },
        { "{{ slice \"abcdef\" 2 }}|{{ slice \"abcdef\" }}", "cdef|abcdef" },
        { "{{ print \"a\" \"b\" }}|{{ print 1 2 }}|{{ print \"a\" 1 2 \"b\" }}", "ab|1 2|a1 2b" },
        { "{{ println \"a\" 1 }}", "a 1\n" },
        { "{{ eq .Ci \"false\" \"true\" }} {{ eq 1 2 3 }}", "true false" },
        { "{{ ne .Branch \"main\" }}", "true" },
        { "{{ lt 1 2 }}{{ le 2 2 }}{{ gt 1 2 }}{{ ge 2 3 }}", "truetruefalsefalse" },
        { "{{ lt \"abc\" \"abd\" }}", "true" },
        { "{{ html \"<a&b>\" }}", "&lt;a&amp;b&gt;" },
        { "{{ urlquery \"a b&c\" }}", "a+b%26c" },
        { "{{ js \"it's\" }}", "it\\'s" },

        // Literals.
        { "{{ 0x1F }} {{ 017 }} {{ 1_000 }} {{ 'a' }} {{ 1.50 }} {{ 1e3 }} {{ true }}", "31 15 1000 97 1.5 1000 true" },
        { "{{ \"tab\\there\" }}|{{ `raw\\n` }}", "tab\there|raw\\n" },

        // printf verbs, flags and Go's in-band errors.
        { "{{ printf \"%s|%d|%v|%q\" \"x\" 42 true \"y\" }}", "x|42|true|\"y\"" },
        { "{{ printf \"%x|%X|%x\" 255 255 \"hi\" }}", "ff|FF|6869" },
        { "{{ printf \"[%5s][%-5s]\" \"ab\" \"ab\" }}", "[   ab][ab   ]" },
        { "{{ printf \"%05d|%05d\" 42 -42 }}", "00042|-0042" },
        { "{{ printf \"100%%\" }}", "100%" },
        { "{{ printf \"%d\" \"x\" }}", "%!d(string=x)" },
        { "{{ printf \"%s %s\" \"a\" }}", "a %!s(MISSING)" },
        { "{{ printf \"%s\" \"a\" \"b\" }}", "a%!(EXTRA string=b)" },
        { "{{ printf \"%v\" .Time.Month }}{{ printf \"%d\" .Time.Month }}", "March3" },
        { "{{ printf \"%.2f|%v|%v\" 3.14159 1.5 1e6 }}", "3.14|1.5|1e+06" },
        { "{{ printf \"%08.3f\" -3.14159 }}", "-003.142" },
        { "{{ printf \"%T %T %T\" 1 \"s\" .Time }}", "int string time.Time" },
        { "{{ printf \"%c%c\" 72 105 }}", "Hi" },
        { "{{ printf \"%+d|% d|%#x|%q\" 5 5 255 'x' }}", "+5| 5|0xff|'x'" },
        { "{{ printf \"%[2]s-%[1]s\" \"a\" \"b\" }}", "b-a" },
        { "{{ printf \"%*d\" 4 7 }}", "   7" },

        // Found by fuzzing: a lone surrogate threw ArgumentException in a string literal and as a printf verb; Go reads
        // text that is not UTF-8 as U+FFFD. A large printf precision took time quadratic in it.
        { "{{ \"a\uD800b\" }}", "a\uFFFDb" },
        { "{{ printf `%\uDC00` 1 }}", "%!\uFFFD(int=1)" },
        { "{{ len (printf \"%.9999999d\" 1) }}", "9999999" },
        { "{{ range 100000 }}{{ end }}{{ range $i := 100000 }}{{ end }}done", "done" },
        // Found by fuzzing: %O of the smallest int threw OverflowException; Go puts 0o after the sign, inside the padding.
        { "{{ printf \"%O|%10O|%-6O|%O\" -9223372036854775808 -8 8 0 }}", "-0o1000000000000000000000|     -0o10|0o10  |0o0" },

        // Time methods.
        { "{{ .Time.Unix }} {{ .Time.YearDay }} {{ .Time.Weekday }} {{ .Time.Nanosecond }}", "1772600767 63 Wednesday 89000000" },
        { "{{ .Time.Month.String }} {{ .Time.Hour }}:{{ .Time.Minute }}:{{ .Time.Second }}", "March 5:6:7" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_like_go_text_template(string template, string expected)
    {
        Assert.Equal(expected, TemplateFixture.Raw(template));
    }
}
