using Berth.References;
using static Berth.Core.Tests.References.Vectors;

namespace Berth.Core.Tests.References;

/// <summary>Invalid references and the reason each one must give.</summary>
public sealed class ImageReferenceInvalidTests
{
    [Theory]
    // empty, whitespace, schemes
    [InlineData("", "reference is empty")]
    [InlineData(" ", "whitespace")]
    [InlineData(" nginx", "whitespace")]
    [InlineData("nginx ", "whitespace")]
    [InlineData("ng inx", "whitespace")]
    [InlineData("nginx\t", "whitespace")]
    [InlineData("nginx\n", "whitespace")]
    [InlineData("https://ghcr.io/a", "no URL scheme")]
    // trailing or missing parts
    [InlineData("nginx:", "tag is empty after ':'")]
    [InlineData("nginx@", "digest is empty after '@'")]
    [InlineData("nginx:tag@", "digest is empty after '@'")]
    [InlineData("@" + D, "name is empty before '@'")]
    [InlineData(":tag", "name is empty before ':'")]
    [InlineData("nginx/", "empty path component")]
    [InlineData("/nginx", "empty path component")]
    [InlineData("a//b", "empty path component")]
    [InlineData("example.com//a", "empty path component")]
    [InlineData("example.com/a/", "empty path component")]
    [InlineData("example.com/", "repository is missing after registry host 'example.com/'")]
    [InlineData("localhost/", "repository is missing after registry host 'localhost/'")]
    [InlineData("example.com/:tag", "repository is missing")]
    [InlineData("[::1]", "must be followed by '/' and a repository")]
    [InlineData("[::1]:5000", "must be followed by '/' and a repository")]
    // case
    [InlineData("Foo/bar", "repository name must be lowercase: 'Foo/bar'")]
    [InlineData("NGINX", "repository name must be lowercase: 'NGINX'")]
    [InlineData("nginX:1", "repository name must be lowercase: 'nginX'")]
    [InlineData("a/B", "repository name must be lowercase: 'a/B'")]
    [InlineData("docker.io/Library/nginx", "repository name must be lowercase: 'Library/nginx'")]
    [InlineData("ghcr.io/Org/app", "repository name must be lowercase: 'Org/app'")]
    [InlineData("LOCALHOST/app", "repository name must be lowercase: 'LOCALHOST/app'")]
    // path separators and characters
    [InlineData("a___b", "separator '___'")]
    [InlineData("a..b", "separator '..'")]
    [InlineData("a._b", "separator '._'")]
    [InlineData("a_-b", "separator '_-'")]
    [InlineData("a-.b", "separator '-.'")]
    [InlineData("-a", "must start and end with a lowercase letter or digit")]
    [InlineData("a-", "must start and end with a lowercase letter or digit")]
    [InlineData("_a", "must start and end with a lowercase letter or digit")]
    [InlineData("a_", "must start and end with a lowercase letter or digit")]
    [InlineData(".a", "must start and end with a lowercase letter or digit")]
    [InlineData("a.", "must start and end with a lowercase letter or digit")]
    [InlineData("a/__/b", "must start and end with a lowercase letter or digit")]
    [InlineData("ghcr.io/org/-app", "component '-app' must start and end")]
    [InlineData("a$b", "contains '$'")]
    [InlineData("a+b/c", "contains '+'")]
    [InlineData("café", "contains 'é'")]
    [InlineData("a:b:c", "tag 'b:c' contains ':'")]
    // tags
    [InlineData("nginx:.tag", "must start with a letter, digit or '_'")]
    [InlineData("nginx:-tag", "must start with a letter, digit or '_'")]
    [InlineData("nginx:ta+g", "contains '+'")]
    [InlineData("nginx:vü", "contains 'ü'")]
    [InlineData("nginx:ü", "must start with a letter, digit or '_'")]
    [InlineData("nginx:a/b", "port 'a' must be a number")] // the ":" is before the last "/", so "nginx:a" is a host
    // digests
    [InlineData("nginx@sha256:abc", "sha256 digest must have exactly 64 hex characters, found 3")]
    [InlineData("nginx@sha256:" + Hex63, "found 63")]
    [InlineData("nginx@sha256:" + EmptySha256Hex + "0", "found 65")]
    [InlineData("nginx@sha256:" + EmptySha256HexUpper, "digest hex must be lowercase")]
    [InlineData("nginx@sha512:" + EmptySha256Hex, "sha512 digest must have exactly 128 hex characters, found 64")]
    [InlineData("nginx@md5:" + Hex31, "at least 32 characters, found 31")]
    [InlineData("nginx@SHA256:" + EmptySha256Hex, "digest algorithm 'SHA256' is invalid")]
    [InlineData("nginx@sha-:" + Hex32, "digest algorithm 'sha-' is invalid")]
    [InlineData("nginx@-sha:" + Hex32, "digest algorithm '-sha' is invalid")]
    [InlineData("nginx@sha__256:" + Hex32, "digest algorithm 'sha__256' is invalid")]
    [InlineData("nginx@sha256", "must be 'algorithm:hex'")]
    [InlineData("nginx@:" + EmptySha256Hex, "digest algorithm is empty")]
    [InlineData("nginx@sha256:", "digest hex is empty")]
    [InlineData("nginx@sha256:zz", "'z', which is not a hexadecimal digit")]
    [InlineData("nginx@" + D + "@" + D, "'@', which is not a hexadecimal digit")]
    [InlineData("nginx@" + D + ":tag", "':', which is not a hexadecimal digit")]
    // image ids
    [InlineData(EmptySha256Hex, "64 hexadecimal characters")]
    [InlineData(EmptySha256Hex + ":latest", "64 hexadecimal characters")]
    [InlineData(EmptySha256Hex + "@" + D, "64 hexadecimal characters")]
    // registry hosts
    [InlineData("exa_mple.com/a", "contains '_'")]
    [InlineData("-example.com/a", "component '-example' must start and end")]
    [InlineData("example-.com/a", "component 'example-' must start and end")]
    [InlineData("example..com/a", "empty component")]
    [InlineData(".example.com/a", "empty component")]
    [InlineData("example.com./a", "empty component")]
    [InlineData("example.com:/a", "port is empty")]
    [InlineData("example.com:abc/a", "port 'abc' must be a number")]
    [InlineData("example.com:0/a", "out of range")]
    [InlineData("example.com:65536/a", "out of range")]
    [InlineData("example.com:99999999999/a", "out of range")]
    [InlineData("foo:bar/baz", "port 'bar' must be a number")]
    [InlineData("host:5000:1/a", "port '5000:1' must be a number")]
    [InlineData("::1/a", "registry host name is empty")]
    [InlineData("[::1/a", "missing its closing ']'")]
    [InlineData("[zz::1]/a", "'zz::1' is not a valid IPv6 address")]
    [InlineData("[127.0.0.1]/a", "not a valid IPv6 address")]
    [InlineData("[fe80::1%eth0]/a", "not a valid IPv6 address")]
    [InlineData("[]/a", "not a valid IPv6 address")]
    [InlineData("[::1]x/a", "unexpected 'x'")]
    [InlineData("[::1]:/a", "port is empty")]
    // Found by fuzzing: KELVIN SIGN lowercases to 'k', and the host used to be checked only after lowercasing.
    [InlineData("r.examp\u212Ale:05000/a", "registry host 'r.examp\u212Ale' contains '\u212A'")]
    public void Rejects_with_a_reason(string input, string reason)
    {
        Assert.False(ImageReference.TryParse(input, out var reference, out var error));
        Assert.Null(reference);
        Assert.Contains(reason, error, StringComparison.Ordinal);

        var ex = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse(input));
        Assert.Equal(error, ex.Reason);
        Assert.Equal(input, ex.Input);
        Assert.Equal($"invalid reference '{input}': {error}", ex.Message);
        Assert.Equal(Berth.Errors.ErrorCategory.Usage, ex.Category);
    }

    public static TheoryData<string> TooLong => new()
    {
        "example.com/" + ImageReferenceValidTests.Path(244),
        new string('a', 238),
        "u/" + ImageReferenceValidTests.Path(244),
        "u/" + ImageReferenceValidTests.Path(244) + ":t@" + D,
    };

    [Theory]
    [MemberData(nameof(TooLong))]
    public void Names_longer_than_255_characters_are_rejected(string input)
    {
        Assert.False(ImageReference.TryParse(input, out _, out var error));
        Assert.Contains("is 256 characters long; the limit is 255", error, StringComparison.Ordinal);
    }

    public static TheoryData<string> TagTooLong => new()
    {
        "nginx:" + new string('t', 129),
        "nginx:" + new string('t', 129) + "@" + D,
    };

    [Theory]
    [MemberData(nameof(TagTooLong))]
    public void Tags_longer_than_128_characters_are_rejected(string input)
    {
        Assert.False(ImageReference.TryParse(input, out _, out var error));
        Assert.Contains("tag is 129 characters long; the limit is 128", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_rejected_by_TryParse()
    {
        Assert.False(ImageReference.TryParse(null, out var reference, out var error));
        Assert.Null(reference);
        Assert.Equal("reference is empty", error);
        Assert.False(ImageReference.TryParse(null, out _));
    }

    [Fact]
    public void The_brief_example_message_is_exact()
    {
        var ex = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse("Foo/bar"));
        Assert.Equal("invalid reference 'Foo/bar': repository name must be lowercase: 'Foo/bar'", ex.Message);
        Assert.Equal("reference", ex.Kind);
    }

    [Theory]
    [InlineData("https://alice:s3cr3t-token@ghcr.io/org/app", "https://***@ghcr.io/org/app")]
    [InlineData("http://tok3n@localhost:5000/a", "http://***@localhost:5000/a")]
    public void Credentials_in_a_pasted_url_never_reach_the_message(string input, string shown)
    {
        var ex = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse(input));
        Assert.Equal(shown, ex.Input);
        Assert.DoesNotContain("s3cr3t", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok3n", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", ex.Message, StringComparison.Ordinal);
    }
}
