using Berth.References;
using static Berth.Core.Tests.References.Vectors;

namespace Berth.Core.Tests.References;

/// <summary>Valid references and what they normalise to (expected values worked out from the grammar by hand).</summary>
public sealed class ImageReferenceValidTests
{
    [Theory]
    // input, registry, repository, tag, digest, canonical, familiar
    // Docker Hub, no host
    [InlineData("nginx", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("nginx:1.25", "docker.io", "library/nginx", "1.25", null, "docker.io/library/nginx:1.25", "nginx:1.25")]
    [InlineData("nginx@" + D, "docker.io", "library/nginx", null, D, "docker.io/library/nginx@" + D, "nginx@" + D)]
    [InlineData("nginx:1.25@" + D, "docker.io", "library/nginx", "1.25", D, "docker.io/library/nginx:1.25@" + D, "nginx:1.25@" + D)]
    [InlineData("user/app", "docker.io", "user/app", "latest", null, "docker.io/user/app:latest", "user/app:latest")]
    [InlineData("user/app:v1", "docker.io", "user/app", "v1", null, "docker.io/user/app:v1", "user/app:v1")]
    [InlineData("library/nginx", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("library/a/b", "docker.io", "library/a/b", "latest", null, "docker.io/library/a/b:latest", "library/a/b:latest")]
    [InlineData("a/b/c:t", "docker.io", "a/b/c", "t", null, "docker.io/a/b/c:t", "a/b/c:t")]
    // Docker Hub aliases
    [InlineData("docker.io/nginx", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("docker.io/library/nginx:alpine", "docker.io", "library/nginx", "alpine", null, "docker.io/library/nginx:alpine", "nginx:alpine")]
    [InlineData("index.docker.io/nginx", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("index.docker.io/library/nginx@" + D, "docker.io", "library/nginx", null, D, "docker.io/library/nginx@" + D, "nginx@" + D)]
    [InlineData("registry-1.docker.io/user/app:v1", "docker.io", "user/app", "v1", null, "docker.io/user/app:v1", "user/app:v1")]
    [InlineData("registry-1.docker.io/busybox", "docker.io", "library/busybox", "latest", null, "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("Docker.IO/user/app", "docker.io", "user/app", "latest", null, "docker.io/user/app:latest", "user/app:latest")]
    [InlineData("docker.io:443/app", "docker.io:443", "app", "latest", null, "docker.io:443/app:latest", "docker.io:443/app:latest")]
    // other registries
    [InlineData("ghcr.io/org/app:1.2", "ghcr.io", "org/app", "1.2", null, "ghcr.io/org/app:1.2", "ghcr.io/org/app:1.2")]
    [InlineData("ghcr.io/app", "ghcr.io", "app", "latest", null, "ghcr.io/app:latest", "ghcr.io/app:latest")]
    [InlineData("quay.io/org/team/app@" + D, "quay.io", "org/team/app", null, D, "quay.io/org/team/app@" + D, "quay.io/org/team/app@" + D)]
    [InlineData("Example.COM/foo", "example.com", "foo", "latest", null, "example.com/foo:latest", "example.com/foo:latest")]
    [InlineData("GHCR.io:443/org/app", "ghcr.io:443", "org/app", "latest", null, "ghcr.io:443/org/app:latest", "ghcr.io:443/org/app:latest")]
    [InlineData("xn--bcher-kva.example/a", "xn--bcher-kva.example", "a", "latest", null, "xn--bcher-kva.example/a:latest", "xn--bcher-kva.example/a:latest")]
    [InlineData("a-b.c/x", "a-b.c", "x", "latest", null, "a-b.c/x:latest", "a-b.c/x:latest")]
    [InlineData("1.2.3.4/a", "1.2.3.4", "a", "latest", null, "1.2.3.4/a:latest", "1.2.3.4/a:latest")]
    [InlineData("my.registry:5000/a@" + D512, "my.registry:5000", "a", null, D512, "my.registry:5000/a@" + D512, "my.registry:5000/a@" + D512)]
    [InlineData("r.example:05000/a", "r.example:5000", "a", "latest", null, "r.example:5000/a:latest", "r.example:5000/a:latest")]
    [InlineData("r.example:65535/a", "r.example:65535", "a", "latest", null, "r.example:65535/a:latest", "r.example:65535/a:latest")]
    // localhost and loopback
    [InlineData("localhost/app", "localhost", "app", "latest", null, "localhost/app:latest", "localhost/app:latest")]
    [InlineData("localhost:5000/team/app:v2", "localhost:5000", "team/app", "v2", null, "localhost:5000/team/app:v2", "localhost:5000/team/app:v2")]
    [InlineData("127.0.0.1:5000/a/b", "127.0.0.1:5000", "a/b", "latest", null, "127.0.0.1:5000/a/b:latest", "127.0.0.1:5000/a/b:latest")]
    // a lone first component is a Hub repository, even when it looks like a host (as in docker)
    [InlineData("localhost", "docker.io", "library/localhost", "latest", null, "docker.io/library/localhost:latest", "localhost:latest")]
    [InlineData("localhost:5000", "docker.io", "library/localhost", "5000", null, "docker.io/library/localhost:5000", "localhost:5000")]
    [InlineData("example.com", "docker.io", "library/example.com", "latest", null, "docker.io/library/example.com:latest", "example.com:latest")]
    [InlineData("example.com:5000", "docker.io", "library/example.com", "5000", null, "docker.io/library/example.com:5000", "example.com:5000")]
    // IPv6
    [InlineData("[::1]:5000/a/b:t", "[::1]:5000", "a/b", "t", null, "[::1]:5000/a/b:t", "[::1]:5000/a/b:t")]
    [InlineData("[::1]/a", "[::1]", "a", "latest", null, "[::1]/a:latest", "[::1]/a:latest")]
    [InlineData("[2001:db8::1]:443/x/y@" + D, "[2001:db8::1]:443", "x/y", null, D, "[2001:db8::1]:443/x/y@" + D, "[2001:db8::1]:443/x/y@" + D)]
    [InlineData("[2001:DB8::A]/a", "[2001:db8::a]", "a", "latest", null, "[2001:db8::a]/a:latest", "[2001:db8::a]/a:latest")]
    // path separators
    [InlineData("a__b", "docker.io", "library/a__b", "latest", null, "docker.io/library/a__b:latest", "a__b:latest")]
    [InlineData("a--b", "docker.io", "library/a--b", "latest", null, "docker.io/library/a--b:latest", "a--b:latest")]
    [InlineData("a---b", "docker.io", "library/a---b", "latest", null, "docker.io/library/a---b:latest", "a---b:latest")]
    [InlineData("a.b.c", "docker.io", "library/a.b.c", "latest", null, "docker.io/library/a.b.c:latest", "a.b.c:latest")]
    [InlineData("a_b-c.d", "docker.io", "library/a_b-c.d", "latest", null, "docker.io/library/a_b-c.d:latest", "a_b-c.d:latest")]
    [InlineData("quay.io/a__b/c--d/e.f_g:tag", "quay.io", "a__b/c--d/e.f_g", "tag", null, "quay.io/a__b/c--d/e.f_g:tag", "quay.io/a__b/c--d/e.f_g:tag")]
    [InlineData("0", "docker.io", "library/0", "latest", null, "docker.io/library/0:latest", "0:latest")]
    [InlineData("u/9a", "docker.io", "u/9a", "latest", null, "docker.io/u/9a:latest", "u/9a:latest")]
    // tags
    [InlineData("nginx:_x", "docker.io", "library/nginx", "_x", null, "docker.io/library/nginx:_x", "nginx:_x")]
    [InlineData("nginx:A-b.C_9", "docker.io", "library/nginx", "A-b.C_9", null, "docker.io/library/nginx:A-b.C_9", "nginx:A-b.C_9")]
    [InlineData("nginx:X", "docker.io", "library/nginx", "X", null, "docker.io/library/nginx:X", "nginx:X")]
    [InlineData("nginx:1..--", "docker.io", "library/nginx", "1..--", null, "docker.io/library/nginx:1..--", "nginx:1..--")]
    // digests of other algorithms parse
    [InlineData("r.example/a@blake3:" + Hex32, "r.example", "a", null, "blake3:" + Hex32, "r.example/a@blake3:" + Hex32, "r.example/a@blake3:" + Hex32)]
    [InlineData("r.example/a@sha256+b64u:" + Hex32, "r.example", "a", null, "sha256+b64u:" + Hex32, "r.example/a@sha256+b64u:" + Hex32, "r.example/a@sha256+b64u:" + Hex32)]
    // 64-hex names are fine with a host, in a later component, or under a namespace; 63 hex is just a name
    [InlineData("example.com/" + EmptySha256Hex, "example.com", EmptySha256Hex, "latest", null, "example.com/" + EmptySha256Hex + ":latest", "example.com/" + EmptySha256Hex + ":latest")]
    [InlineData("a/" + EmptySha256Hex, "docker.io", "a/" + EmptySha256Hex, "latest", null, "docker.io/a/" + EmptySha256Hex + ":latest", "a/" + EmptySha256Hex + ":latest")]
    [InlineData("library/" + EmptySha256Hex, "docker.io", "library/" + EmptySha256Hex, "latest", null, "docker.io/library/" + EmptySha256Hex + ":latest", "library/" + EmptySha256Hex + ":latest")]
    [InlineData(Hex63, "docker.io", "library/" + Hex63, "latest", null, "docker.io/library/" + Hex63 + ":latest", Hex63 + ":latest")]
    // Found by fuzzing: a Hub namespace that reads as a host keeps "docker.io/" in the familiar form, else it names that host.
    [InlineData("docker.io/r.io/uu/9a", "docker.io", "r.io/uu/9a", "latest", null, "docker.io/r.io/uu/9a:latest", "docker.io/r.io/uu/9a:latest")]
    [InlineData("index.docker.io/localhost/app:v1", "docker.io", "localhost/app", "v1", null, "docker.io/localhost/app:v1", "docker.io/localhost/app:v1")]
    public void Parses_and_normalises(
        string input, string registry, string repository, string? tag, string? digest, string canonical, string familiar)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(registry, reference.Registry.Name);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag?.Value);
        Assert.Equal(digest, reference.Digest?.Value);
        Assert.Equal(canonical, reference.Canonical);
        Assert.Equal(familiar, reference.Familiar);
        Assert.Equal(canonical, reference.ToString());
        Assert.Equal(registry + "/" + repository, reference.Name);
        Assert.Equal(digest ?? tag, reference.Reference);

        Assert.True(ImageReference.TryParse(input, out var again, out var error));
        Assert.Null(error);
        Assert.Equal(reference, again);

        // Canonical and familiar forms are themselves references to the same image.
        Assert.Equal(reference, ImageReference.Parse(canonical));
        Assert.Equal(reference, ImageReference.Parse(familiar));
    }

    [Theory]
    [InlineData("nginx", "nginx")]
    [InlineData("library/nginx:1", "nginx")]
    [InlineData("docker.io/user/app", "user/app")]
    [InlineData("docker.io/library/a/b", "library/a/b")]
    [InlineData("ghcr.io/o/a", "ghcr.io/o/a")]
    [InlineData("docker.io/a.b/c", "docker.io/a.b/c")]
    [InlineData("docker.io/library/a.b", "a.b")]
    [InlineData("localhost:5000/a", "localhost:5000/a")]
    public void Familiar_name_drops_the_hub_and_library_prefixes_only_for_hub(string input, string familiarName)
    {
        Assert.Equal(familiarName, ImageReference.Parse(input).FamiliarName);
    }

    [Theory]
    [InlineData("nginx", "nginx:latest", "docker.io/library/nginx", "index.docker.io/library/nginx:latest", "registry-1.docker.io/nginx")]
    [InlineData("GHCR.IO/o/a:1", "ghcr.io/o/a:1", "Ghcr.Io/o/a:1", "ghcr.io/o/a:1", "ghcr.io/o/a:1")]
    public void Spellings_of_one_image_are_equal(string a, string b, string c, string d, string e)
    {
        var expected = ImageReference.Parse(a);
        foreach (var other in new[] { b, c, d, e })
        {
            var parsed = ImageReference.Parse(other);
            Assert.Equal(expected.Name, parsed.Name);
            Assert.Equal(expected.Registry, parsed.Registry);
        }
    }

    public static TheoryData<string, string> LengthLimitValid => new()
    {
        // example.com/ is 12 characters; 12 + 243 = 255.
        { "example.com/" + Path(243), "example.com/" + Path(243) },
        // Hub names count with their canonical prefix: docker.io/library/ is 18 characters; 18 + 237 = 255.
        { new string('a', 237), "docker.io/library/" + new string('a', 237) },
        // docker.io/ is 10 characters; 10 + 245 = 255.
        { "u/" + Path(243), "docker.io/u/" + Path(243) },
    };

    [Theory]
    [MemberData(nameof(LengthLimitValid))]
    public void Names_of_exactly_255_characters_are_allowed(string input, string expectedName)
    {
        var reference = ImageReference.Parse(input + ":t");
        Assert.Equal(255, expectedName.Length);
        Assert.Equal(expectedName, reference.Name);
    }

    public static TheoryData<string> Tag128 => new() { "nginx:" + new string('t', 128), "nginx:_" + new string('9', 127) };

    [Theory]
    [MemberData(nameof(Tag128))]
    public void Tags_of_128_characters_are_allowed(string input)
    {
        Assert.Equal(128, ImageReference.Parse(input).Tag!.Value.Value.Length);
    }

    /// <summary>A path of <paramref name="length"/> characters made of "a" components, e.g. "aaaa/aaaa/a".</summary>
    internal static string Path(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = i % 10 == 9 && i != length - 1 ? '/' : 'a';
        }

        return new string(chars);
    }
}
