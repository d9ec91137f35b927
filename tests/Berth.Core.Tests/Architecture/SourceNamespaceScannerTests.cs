namespace Berth.Core.Tests.Architecture;

/// <summary>The layering test is only as good as its scanner: it must see every way a file can name a namespace, and nothing else.</summary>
public sealed class SourceNamespaceScannerTests
{
    private static readonly HashSet<string> Layers = ["Content", "Distribution", "References"];

    private static string[] Names(string source) =>
        [.. SourceNamespaceScanner.Uses(source, Layers).Select(u => u.Name).Where(n => n != "Transfer").Distinct().Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("using Berth.Distribution;\nnamespace Berth.Transfer;")]
    [InlineData("using static Berth.Distribution.RegistryErrorCodes;\nnamespace Berth.Transfer;")]
    [InlineData("using Client = Berth.Distribution.RegistryClient;\nnamespace Berth.Transfer;")]
    [InlineData("namespace Berth.Transfer;\nclass A { Berth.Distribution.RegistryClient? c; }")]
    [InlineData("namespace Berth.Transfer;\nclass A { global::Berth.Distribution.RegistryClient? c; }")]
    [InlineData("namespace Berth.Transfer;\nclass A { void F() => throw new Distribution.DigestMismatchException(\"a\", \"b\", \"c\"); }")]
    [InlineData("namespace Berth.Transfer;\nclass A { string F() => $\"{Distribution.RegistryErrorCodes.Denied}\"; }")]
    public void Finds_every_way_of_naming_a_namespace(string source) =>
        Assert.Equal(["Distribution"], Names(source));

    [Theory]
    [InlineData("namespace Berth.Transfer;\n// uses Berth.Distribution.RegistryClient\nclass A { }")]
    [InlineData("namespace Berth.Transfer;\n/// <see cref=\"Berth.Distribution.RegistryClient\"/>\nclass A { }")]
    [InlineData("namespace Berth.Transfer;\n/* Distribution.RegistryClient */ class A { }")]
    [InlineData("namespace Berth.Transfer;\nclass A { string S = \"Berth.Distribution.X and Distribution.Y\"; }")]
    [InlineData("namespace Berth.Transfer;\nclass A { string S = @\"Berth.Distribution.\"\"X\"\"\"; }")]
    [InlineData("namespace Berth.Transfer;\nclass A { string S = \"\"\"\n  Berth.Distribution.X \"quoted\"\n  \"\"\"; }")]
    [InlineData("namespace Berth.Transfer;\nclass A { object F(System.Net.Http.HttpResponseMessage r) => r.Content.Headers; }")]
    [InlineData("namespace Berth.Transfer;\nclass A { char C = '\"'; string S = \"Distribution.X\"; }")]
    public void Ignores_comments_strings_and_member_access(string source) =>
        Assert.Empty(Names(source));

    [Fact]
    public void Reports_the_line_of_each_use()
    {
        var uses = SourceNamespaceScanner.Uses("using Berth.References;\n\nnamespace Berth.Transfer;\n\nclass A { Content.Platform? p; }", Layers);
        Assert.Contains(new SourceNamespaceScanner.NamespaceUse("References", 1), uses);
        Assert.Contains(new SourceNamespaceScanner.NamespaceUse("Content", 5), uses);
    }

    [Fact]
    public void Reads_the_declared_namespace()
    {
        Assert.Equal("Berth.Transfer.Sync", SourceNamespaceScanner.DeclaredNamespace("using Berth.References;\n\nnamespace Berth.Transfer.Sync;\n"));
        Assert.Equal("Berth.Auth", SourceNamespaceScanner.DeclaredNamespace("// namespace Berth.Other;\nnamespace Berth.Auth\n{\n}\n"));
    }
}
