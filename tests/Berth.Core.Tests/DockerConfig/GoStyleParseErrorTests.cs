using System.Text;
using Berth.DockerConfig;

namespace Berth.Core.Tests.DockerConfig;

/// <summary>
/// Expected messages are worked out by hand from Go's encoding/json scanner (scanner.go): the wording of
/// each state's error, quoteChar's quoting, and the 1-based line/column of the offending byte.
/// </summary>
public sealed class GoStyleParseErrorTests
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "{\n \"a\":1\n}x", "invalid character 'x' after top-level value (line 3, column 2)" },
        { "", "unexpected end of JSON input" },
        { "   \n", "unexpected end of JSON input" },
        { "{\"auths\": {", "unexpected end of JSON input" },
        { "{\"auths\": {\"x\": {\"auth\": \"abc", "unexpected end of JSON input" },
        { "{\"auths\": {}, }", "invalid character '}' looking for beginning of object key string (line 1, column 15)" },
        { "{\"auths\" {}}", "invalid character '{' after object key (line 1, column 10)" },
        { "{\"a\": 1 \"b\": 2}", "invalid character '\"' after object key:value pair (line 1, column 9)" },
        { "{'auths': {}}", "invalid character '\\'' looking for beginning of object key string (line 1, column 2)" },
        { "[1, 2,]", "invalid character ']' looking for beginning of value (line 1, column 7)" },
        { "[1 2]", "invalid character '2' after array element (line 1, column 4)" },
        { "{\"a\": tru}", "invalid character '}' in literal true (expecting 'e') (line 1, column 10)" },
        { "{\"a\": nul}", "invalid character '}' in literal null (expecting 'l') (line 1, column 10)" },
        { "{\"a\": fals}", "invalid character '}' in literal false (expecting 'e') (line 1, column 11)" },
        { "{\"a\": \"x\\qy\"}", "invalid character 'q' in string escape code (line 1, column 10)" },
        { "{\"a\": \"\\u12G4\"}", "invalid character 'G' in \\u hexadecimal character escape (line 1, column 12)" },
        { "{\"a\": \"x\ty\"}", "invalid character '\\t' in string literal (line 1, column 9)" },
        { "{\"a\": 01}", "invalid character '1' after object key:value pair (line 1, column 8)" },
        { "{\"a\": 1.}", "invalid character '}' after decimal point in numeric literal (line 1, column 9)" },
        { "{\"a\": 1e}", "invalid character '}' in exponent of numeric literal (line 1, column 9)" },
        { "{\"a\": -x}", "invalid character 'x' in numeric literal (line 1, column 8)" },
        // Go feeds a space at end of input, so an unfinished number blames ' ' just past the end.
        { "1.", "invalid character ' ' after decimal point in numeric literal (line 1, column 3)" },
        { "{\r\n  \"a\" 1\r\n}", "invalid character '1' after object key (line 2, column 7)" },
        // Columns count characters: é is two bytes but one column.
        { "{\"é\": 1}x", "invalid character 'x' after top-level value (line 1, column 9)" },
        // Go quotes a non-ASCII byte as its Latin-1 character: 0xC3 reads as 'Ã'.
        { "é", "invalid character 'Ã' looking for beginning of value (line 1, column 1)" },
        { "{\"auths\": {}}\n}", "invalid character '}' after top-level value (line 2, column 1)" },
        { "<html>", "invalid character '<' looking for beginning of value (line 1, column 1)" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_reads_like_go_encoding_json(string input, string expected)
    {
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigReader.Parse(Encoding.UTF8.GetBytes(input)));
        Assert.Equal("Failed to parse dockercfg: " + expected, ex.Message);
        Assert.Equal(DockerConfigErrorKind.Syntax, ex.Kind);
    }

    [Fact]
    public void Syntax_error_exposes_line_and_column()
    {
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigReader.Parse("{\n \"a\":1\n}x"));
        Assert.Equal(3, ex.Line);
        Assert.Equal(2, ex.Column);
    }

    [Fact]
    public void End_of_input_has_no_position()
    {
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigReader.Parse("{"));
        Assert.Null(ex.Line);
        Assert.Null(ex.Column);
    }

    [Fact]
    public void Too_deep_nesting_is_reported_like_go()
    {
        var deep = new string('[', 10_001);
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigReader.Parse(deep));
        Assert.Equal("Failed to parse dockercfg: invalid character '[' exceeded max depth (line 1, column 10001)", ex.Message);
    }

    [Theory]
    [InlineData((byte)'\'', "'\\''")]
    [InlineData((byte)'"', "'\"'")]
    [InlineData((byte)'\n', "'\\n'")]
    [InlineData((byte)0x01, "'\\x01'")]
    [InlineData((byte)0x7F, "'\\x7f'")]
    [InlineData((byte)0x85, "'\\u0085'")]
    [InlineData((byte)0xA0, "'\\u00a0'")]
    [InlineData((byte)0xEF, "'ï'")]
    [InlineData((byte)'\\', "'\\\\'")]
    public void Quote_char_matches_go(byte c, string expected) =>
        Assert.Equal(expected, GoJsonSyntaxChecker.QuoteChar(c));

    public static TheoryData<string, string> WrongShapes => new()
    {
        { "{\"auths\": []}", "json: cannot unmarshal array into Go struct field ConfigFile.auths of type map[string]types.AuthConfig" },
        { "{\"auths\": {\"ghcr.io\": {\"auth\": 5}}}", "json: cannot unmarshal number into Go struct field AuthConfig.auths.auth of type string" },
        { "{\"auths\": {\"ghcr.io\": \"x\"}}", "json: cannot unmarshal string into Go struct field ConfigFile.auths of type types.AuthConfig" },
        { "{\"credsStore\": true}", "json: cannot unmarshal bool into Go struct field ConfigFile.credsStore of type string" },
        { "[1]", "json: cannot unmarshal array into Go value of type configfile.ConfigFile" },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public void Wrong_shapes_read_like_go_type_errors(string input, string expected)
    {
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigReader.Parse(input));
        Assert.Equal("Failed to parse dockercfg: " + expected, ex.Message);
        Assert.Equal(DockerConfigErrorKind.InvalidContent, ex.Kind);
    }

    // Found by fuzzing: System.Text.Json threw InvalidOperationException reading these strings (Go reads them as U+FFFD).
    [Theory]
    [InlineData("{\"auths\": {\"a\\ud800\": {}}}", "\\ud800", 14)]
    [InlineData("{\"credsStore\": \"\\udc00\"}", "\\udc00", 17)]
    [InlineData("{\"a\": \"x\\ud83d\\u0041\"}", "\\ud83d", 9)]
    [InlineData("{\"a\": \"\\\\ud800 \\ud800\"}", "\\ud800", 16)]
    [InlineData("{\"HttpHeaders\": {\"\\udbff\": \"x\"}}", "\\udbff", 19)]
    public void Lone_surrogate_escapes_are_a_positioned_syntax_error(string input, string escape, int column)
    {
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigReader.Parse(input));
        Assert.Equal(
            $"Failed to parse dockercfg: invalid character escape '{escape}' (line 1, column {column}): a lone UTF-16 surrogate is not a character",
            ex.Message);
        Assert.Equal(DockerConfigErrorKind.Syntax, ex.Kind);
        Assert.Equal(column, ex.Column);
    }

    [Fact]
    public void Surrogate_pair_escapes_read_as_one_character()
    {
        var file = DockerConfigReader.Parse("{\"auths\": {\"a\": {\"email\": \"\\ud83d\\ude00\\\\ud800\"}}}");
        Assert.Equal("\U0001F600\\ud800", file.Auths["a"].Email);
    }

    [Fact]
    public void Invalid_utf8_is_a_positioned_syntax_error()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"auths\": {\"a\": {\"email\": \"x\"}}}");
        bytes[27] = 0xFF; // inside "x"
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigReader.Parse(bytes));
        Assert.Equal("Failed to parse dockercfg: invalid UTF-8 text (line 1, column 28); save the file as UTF-8", ex.Message);
    }
}
