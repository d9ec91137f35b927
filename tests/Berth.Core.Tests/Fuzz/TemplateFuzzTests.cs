using System.Globalization;
using System.Text;
using Berth.Core.Tests.Templates;
using Berth.Templates;

namespace Berth.Core.Tests.Fuzz;

/// <summary>
/// <see cref="TagTemplate.Parse"/> over generated templates, and <see cref="TagTemplate.Render"/> of each one that parses:
/// both either succeed or throw <see cref="TemplateException"/>. The runner's per-input limit catches a template that
/// runs away (<c>{{range 1000000000}}</c>, nested ranges, huge printf widths): the engine's own limits must stop those
/// with a <see cref="TemplateException"/> long before.
/// </summary>
[Collection(FuzzGroup.Name)]
public sealed class TemplateFuzzTests
{
    public const int Inputs = 100_000;

    private static readonly string[] Seeds = FuzzText.Harvest(typeof(TagTemplateRenderTests), typeof(TemplateErrorTests));

    /// <summary>Go layouts from the time-format tests, for <c>.Time.Format</c> arguments.</summary>
    private static readonly string[] Layouts = FuzzText.Harvest(typeof(GoTimeFormatTests));

    private static readonly string[] Tokens =
    [
        "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", "{{end}}", "{{else}}", "{{ else if ", "{{range ", "{{if ", "{{with ", "{{break}}",
        "{{continue}}", "$x := ", "$ = ", "|", "(", ")", ".Time.Format ", "printf ", "\"%999999d\"", "`", "'", "\\x", "\\u12",
        "1_000", "0x", "1e", "1000000000", "{{define \"x\"}}", "{{template \"x\"}}",
    ];

    private static readonly string[] Fields =
    [
        "ProjectID", "BuildID", "RepoName", "Branch", "CommitID", "CommitMessage", "CommitDescription", "CommitterName",
        "CommitterEmail", "CommitterUsername", "Time", "Timestamp", "StringTime", "StepName", "ServiceName", "ImageName", "Ci",
        "CiName", "Nope", "branch",
    ];

    private static readonly string[] TimeMethods =
    [
        "Format", "String", "Unix", "UnixMilli", "UnixMicro", "UnixNano", "Year", "Month", "Day", "Hour", "Minute", "Second",
        "Nanosecond", "YearDay", "Weekday", "UTC", "IsZero", "Month.String", "Weekday.String", "In", "Local",
    ];

    private static readonly string[] Functions =
    [
        "and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge", "html", "js",
        "urlquery", "call",
    ];

    private static readonly string[] Formats =
    [
        "%s", "%d", "%v", "%q", "%x", "%X", "%5s", "%-5s", "%05d", "%.3f", "%e", "%g", "%G", "%T", "%c", "%U", "%#U", "%[2]d", "%*d",
        "%.*f", "%!", "%", "%[", "%[0]d", "%[99]d", "%#v", "%+q", "% x", "%#x", "%b", "%o", "%O", "%t", "%08.3f", "%-08d", "%+.2e",
        "%[1]*.[2]*[3]f", "%999999d", "%.999999d", "%0999999d", "%9999999s", "%.9999999f", "%10000000d", "%x%x%x%x",
    ];

    private static readonly string[] Verbs =
        ["d", "s", "v", "q", "x", "X", "c", "U", "e", "E", "f", "F", "g", "G", "t", "T", "b", "o", "O", "p", "%", "\u00e9", "z", ""];

    private static readonly string[] FormatPieces =
    [
        "%", "%", "%", "-", "+", "#", "0", " ", "1", "9", "12", "999999", ".", ".*", "*", "[1]", "[2]", "[0]", "[9]", "[", "]",
        "d", "s", "v", "q", "x", "X", "c", "U", "e", "E", "f", "F", "g", "G", "t", "T", "b", "o", "O", "p", "%%", "\u00e9", "z", "!",
    ];

    /// <summary>Values at the edges of each kind the engine knows: int, uint8, float, string, bool, nil, time and its parts.</summary>
    private static readonly string[] EdgeValues =
    [
        "0", "1", "-1", "-5", "1.5", "-0.0", "1e308", "1e-320", "0.1", "\"s\"", "\"\"", "\"\u00e9\"", ".Time", ".Time.Month",
        ".Time.Weekday", "true", "nil", "'x'", "9223372036854775807", "-9223372036854775808", ".", "(index \"a\" 0)",
        "(slice \"ab\" 1)", "0x10FFFF", "55296", "1114112", ".Timestamp",
    ];

    /// <summary>Data the templates render against: the template tests' build, and builds at the ends of the time range.</summary>
    private static readonly TagTemplateData[] Data =
    [
        TemplateFixture.Data(),
        new TagTemplateData { Branch = "main", Time = new GoTime(DateTimeOffset.MinValue.ToOffset(TimeSpan.FromHours(14))) },
        new TagTemplateData
        {
            Branch = "f\u00E9/\u212A\0x\uD800", CommitMessage = new string('m', 5000), Time = new GoTime(DateTimeOffset.MaxValue.ToOffset(TimeSpan.FromHours(-14)), "XYZ"),
        },
        new TagTemplateData(),
    ];

    [Fact]
    public void Template_engine_only_ever_fails_with_TemplateException_and_always_finishes()
    {
        var ran = FuzzRunner.Run("templates", Inputs, Generate, Check, ex => ex is TemplateException, i => $"data #{i.Data}, template {FuzzRunner.Escape(i.Text)}");
        Assert.Equal(Inputs, ran);
    }

    internal readonly record struct Input(string Text, int Data);

    private static Input Generate(Random rng)
    {
        var text = rng.Next(10) switch
        {
            < 4 => FuzzText.Mutate(rng, Seeds, Tokens),
            < 8 => FuzzText.MaybeMutate(rng, GenerateTemplate(rng), Tokens),
            _ => FuzzText.RandomString(rng, FuzzText.RandomLength(rng)),
        };
        return new Input(text, rng.Next(Data.Length));
    }

    private static void Check(Input input)
    {
        var template = TagTemplate.Parse(input.Text);
        if (template.Text != input.Text)
        {
            throw new FuzzInvariantException("Text is not the source");
        }

        var tag = template.Render(Data[input.Data]);
        if (tag.Length is 0 or > Berth.References.Tag.MaxLength || !Berth.References.Tag.TryParse(tag, out _))
        {
            throw new FuzzInvariantException($"rendered '{tag}', which is not a valid tag");
        }
    }

    // --- grammar-aware construction ---------------------------------------------------------------------------------

    private static string GenerateTemplate(Random rng)
    {
        if (rng.Chance(1))
        {
            return Pathological(rng);
        }

        var sb = new StringBuilder();
        var g = new Generator(rng, sb);
        g.List(rng.Next(1, 8), depth: 0);
        return sb.ToString();
    }

    /// <summary>
    /// Deep nesting, long chains and loops that multiply: what a hostile or careless template looks like. The nesting is
    /// refused while parsing, at no cost; the loops run into the engine's step limit, which takes 0.1 s and more each, so
    /// they are one in five of these.
    /// </summary>
    private static string Pathological(Random rng)
    {
        var n = rng.Pick([10, 99, 100, 101, 1_000, 5_000, 10_000, 10_001, 20_000]);
        if (rng.Chance(20))
        {
            return rng.Next(3) switch
            {
                0 => Repeat("{{range 2}}", Math.Min(n, 64)) + "x" + Repeat("{{end}}", Math.Min(n, 64)),
                1 => "{{range " + rng.Pick(["100000", "100001", "1000000000", "9223372036854775807", ".Timestamp", "-1"]) + "}}"
                    + rng.Pick(["x", "{{printf \"%999999d\" 1}}", "{{range 100000}}{{end}}", "{{.Time.Format \"2006\"}}", ""]) + "{{end}}",
                _ => "{{$x := \"ab\"}}{{range 100000}}{{$x = printf \"%s%s\" $x $x}}{{end}}{{len $x}}",
            };
        }

        return rng.Next(5) switch
        {
            0 => Repeat("{{if 1}}", n) + "x" + Repeat("{{end}}", n),
            1 => "{{" + Repeat("(", n) + "1" + Repeat(")", n) + "}}",
            2 => "{{if 0}}" + Repeat("{{else if 0}}", n) + "{{else}}x{{end}}",
            3 => "{{with 1}}" + Repeat("{{with .}}", n) + Repeat("{{end}}", n) + "{{end}}",
            _ => "{{printf " + Repeat("(printf \"%s\" ", n) + "\"x\"" + Repeat(")", n) + "}}",
        };
    }

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    /// <summary>Writes random but mostly well-formed template source.</summary>
    private sealed class Generator(Random rng, StringBuilder sb)
    {
        private const int MaxDepth = 6;
        private readonly List<string> _vars = ["$"];
        private int _rangeDepth;

        public void List(int items, int depth)
        {
            for (var i = 0; i < items; i++)
            {
                switch (rng.Next(10))
                {
                    case < 3:
                        Text();
                        break;
                    case < 7:
                        Action();
                        break;
                    case 7:
                        sb.Append("{{").Append(rng.Chance(20) ? "- " : "").Append("/* ").Append(FuzzText.RandomString(rng, rng.Next(10)))
                            .Append(" */").Append(rng.Chance(20) ? " -" : "").Append("}}");
                        break;
                    default:
                        if (depth < MaxDepth)
                        {
                            Control(depth + 1);
                        }
                        else
                        {
                            Action();
                        }

                        break;
                }
            }
        }

        private void Text()
        {
            sb.Append(rng.Next(6) switch
            {
                0 => "v",
                1 => "-",
                2 => " \n\t ",
                3 => "{ } {x}",
                4 => FuzzText.RandomString(rng, rng.Next(20)).Replace("{{", "{", StringComparison.Ordinal),
                _ => "build",
            });
        }

        private void Open() => sb.Append(rng.Chance(15) ? "{{- " : "{{").Append(rng.Chance(30) ? " " : "");

        private void Close() => sb.Append(rng.Chance(30) ? " " : "").Append(rng.Chance(15) ? " -}}" : "}}");

        private void Action()
        {
            Open();
            switch (rng.Next(20))
            {
                case 0 when _rangeDepth > 0:
                    sb.Append(rng.Chance(50) ? "break" : "continue");
                    break;
                case 1:
                    sb.Append(rng.Pick(["define \"x\"", "template \"x\"", "block \"x\" .", "end", "else", ""]));
                    break;
                default:
                    Pipeline(0, declare: rng.Chance(20));
                    break;
            }

            Close();
        }

        private void Control(int depth)
        {
            var kind = rng.Pick(["if", "with", "range", "range", "if"]);
            var mark = _vars.Count;
            Open();
            sb.Append(kind).Append(' ');
            if (kind == "range")
            {
                if (rng.Chance(30))
                {
                    var v = NewVar();
                    sb.Append(v);
                    if (rng.Chance(30))
                    {
                        var v2 = NewVar();
                        sb.Append(", ").Append(v2);
                    }

                    sb.Append(" := ");
                }

                sb.Append(rng.Next(100) switch
                {
                    < 60 => rng.Next(-1, 6).ToString(CultureInfo.InvariantCulture),
                    < 62 => rng.Pick(["100000", "100001", "1000000000", "-9223372036854775808"]),
                    < 70 => rng.Pick(["nil", ".Timestamp", ".Branch", "1.5", "'a'"]),
                    < 80 => "(len .CommitID)",
                    _ => Operand(1),
                });
                _rangeDepth++;
            }
            else
            {
                Pipeline(1, declare: rng.Chance(20));
            }

            Close();
            List(rng.Next(0, 4), depth);
            if (kind == "range")
            {
                _rangeDepth--;
            }

            var elses = rng.Chance(40) ? rng.Next(1, 4) : 0;
            for (var i = 0; i < elses; i++)
            {
                Open();
                sb.Append("else");
                if (kind != "range" && i < elses - 1 && rng.Chance(70))
                {
                    sb.Append(' ').Append(kind).Append(' ');
                    Pipeline(1, declare: false);
                    Close();
                    List(rng.Next(0, 3), depth);
                    continue;
                }

                Close();
                List(rng.Next(0, 3), depth);
                break;
            }

            if (rng.Chance(97))
            {
                Open();
                sb.Append("end");
                Close();
            }

            _vars.RemoveRange(mark, _vars.Count - mark);
        }

        private string NewVar()
        {
            var v = rng.Pick(["$x", "$i", "$e", "$long_name", "$é", "$_"]);
            _vars.Add(v);
            return v;
        }

        private void Pipeline(int depth, bool declare)
        {
            if (declare)
            {
                if (rng.Chance(50) || _vars.Count == 1)
                {
                    sb.Append(NewVar()).Append(" := ");
                }
                else
                {
                    sb.Append(rng.Pick(_vars)).Append(" = ");
                }
            }

            var commands = rng.Chance(70) ? 1 : rng.Next(2, 5);
            for (var i = 0; i < commands; i++)
            {
                if (i > 0)
                {
                    sb.Append(rng.Pick([" | ", "|", " |\n "]));
                }

                Command(depth, piped: i > 0);
            }
        }

        private void Command(int depth, bool piped)
        {
            switch (rng.Next(10))
            {
                case 0 when !piped:
                    Printf(depth);
                    break;
                case < 4:
                    {
                        var name = rng.Pick(Functions);
                        sb.Append(name);
                        if (name == "printf" && !piped)
                        {
                            sb.Append(' ').Append(GoString(rng.Chance(80) ? rng.Pick(Formats) : FuzzText.RandomString(rng, rng.Next(8))));
                        }

                        var args = rng.Next(0, 4);
                        for (var a = 0; a < args; a++)
                        {
                            sb.Append(' ').Append(Operand(depth));
                        }

                        break;
                    }

                case < 7:
                    sb.Append(FieldChain());
                    if (rng.Chance(20))
                    {
                        sb.Append(' ').Append(GoString(rng.Pick(Layouts)));
                    }

                    break;
                default:
                    sb.Append(Operand(depth));
                    break;
            }
        }

        /// <summary>printf with a format put together from flags, widths, argument indexes and verbs, over edge-case values.</summary>
        private void Printf(int depth)
        {
            var format = new StringBuilder();
            var pieces = rng.Next(1, 5);
            for (var i = 0; i < pieces; i++)
            {
                if (rng.Chance(25))
                {
                    format.Append(rng.Pick(FormatPieces)); // junk between and inside directives
                    continue;
                }

                format.Append('%');
                var flags = rng.Next(3);
                for (var f = 0; f < flags; f++)
                {
                    format.Append(rng.Pick(["-", "+", "#", "0", " "]));
                }

                format.Append(rng.Pick(["", "", "[1]", "[2]", "[0]", "[9]"]))
                    .Append(rng.Pick(["", "", "1", "9", "12", "*", "999999", "10000000"]))
                    .Append(rng.Pick(["", "", ".", ".3", ".*", ".999999"]))
                    .Append(rng.Pick(Verbs));
            }

            sb.Append("printf ").Append(GoString(format.ToString()));
            var args = rng.Next(0, 4);
            for (var a = 0; a < args; a++)
            {
                sb.Append(' ').Append(rng.Chance(75) ? rng.Pick(EdgeValues) : Operand(depth));
            }
        }

        private string FieldChain() => rng.Next(6) switch
        {
            0 => ".",
            1 => ".Time." + rng.Pick(TimeMethods),
            2 => "$." + rng.Pick(Fields),
            3 => rng.Pick(_vars) + (rng.Chance(30) ? "." + rng.Pick(Fields) : ""),
            _ => "." + rng.Pick(Fields),
        };

        private string Operand(int depth)
        {
            switch (rng.Next(12))
            {
                case 0 when depth < MaxDepth:
                    {
                        var inner = new StringBuilder();
                        var nested = new Generator(rng, inner);
                        nested._vars.AddRange(_vars);
                        nested.Pipeline(depth + 1, declare: false);
                        return "(" + inner + ")" + (rng.Chance(20) ? "." + rng.Pick(TimeMethods) : "");
                    }

                case 1:
                    return GoString(rng.Chance(50) ? rng.Pick(Layouts) : FuzzText.RandomString(rng, rng.Next(12)));
                case 2:
                    return "`" + FuzzText.RandomString(rng, rng.Next(10)).Replace("`", "", StringComparison.Ordinal) + "`";
                case 3:
                    return rng.Pick(["true", "false", "nil"]);
                case 4:
                case 5:
                    return rng.Pick(
                    [
                        "0", "1", "-3", "+5", "0x1F", "017", "0o17", "0b101", "1_000", "'a'", "'\\n'", "'\\u00e9'", "'ab'", "''", "1.50",
                        "1e3", "1e400", "-1e-400", "0x1p-2", "1.5i", "99999999999999999999", "9223372036854775807", "-9223372036854775808",
                        "0x_1", "1__0", "08", ".5", "5.", "0xG", "'\\x41'", "'\\400'",
                    ]);
                case 6:
                    return rng.Next(-5, 200).ToString(CultureInfo.InvariantCulture);
                default:
                    return FieldChain();
            }
        }

        /// <summary>A Go double-quoted string for <paramref name="s"/>, escapes included.</summary>
        private string GoString(string s)
        {
            var q = new StringBuilder("\"");
            foreach (var c in s)
            {
                q.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => rng.Chance(10) ? "\n" : "\\n",
                    '\t' => "\\t",
                    '\0' => rng.Pick(["\\x00", "\\000", "\\u0000"]),
                    _ => char.IsSurrogate(c) ? "\\uD800" : c.ToString(),
                });
            }

            if (rng.Chance(5))
            {
                q.Append(rng.Pick(["\\q", "\\x4", "\\u12", "\\U0010FFFF", "\\U00110000", "\\777", "\\'", "\\a\\b\\f\\v"]));
            }

            return q.Append('"').ToString();
        }
    }
}
