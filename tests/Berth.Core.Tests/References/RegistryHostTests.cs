using Berth.References;

namespace Berth.Core.Tests.References;

public sealed class RegistryHostTests
{
    [Theory]
    // input, name, apiHost, hostname, port (0 = none), isDockerHub, isLoopback
    [InlineData("docker.io", "docker.io", "registry-1.docker.io", "docker.io", 0, true, false)]
    [InlineData("index.docker.io", "docker.io", "registry-1.docker.io", "docker.io", 0, true, false)]
    [InlineData("registry-1.docker.io", "docker.io", "registry-1.docker.io", "docker.io", 0, true, false)]
    [InlineData("DOCKER.IO", "docker.io", "registry-1.docker.io", "docker.io", 0, true, false)]
    [InlineData("docker.io:443", "docker.io:443", "docker.io:443", "docker.io", 443, false, false)]
    [InlineData("ghcr.io", "ghcr.io", "ghcr.io", "ghcr.io", 0, false, false)]
    [InlineData("Registry.Example.COM:05000", "registry.example.com:5000", "registry.example.com:5000", "registry.example.com", 5000, false, false)]
    [InlineData("my-registry", "my-registry", "my-registry", "my-registry", 0, false, false)]
    [InlineData("localhost", "localhost", "localhost", "localhost", 0, false, true)]
    [InlineData("localhost:5000", "localhost:5000", "localhost:5000", "localhost", 5000, false, true)]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000", "127.0.0.1:5000", "127.0.0.1", 5000, false, true)]
    [InlineData("127.255.0.9", "127.255.0.9", "127.255.0.9", "127.255.0.9", 0, false, true)]
    [InlineData("128.0.0.1", "128.0.0.1", "128.0.0.1", "128.0.0.1", 0, false, false)]
    [InlineData("10.0.0.1:5000", "10.0.0.1:5000", "10.0.0.1:5000", "10.0.0.1", 5000, false, false)]
    [InlineData("127.1", "127.1", "127.1", "127.1", 0, false, false)]
    [InlineData("[::1]:5000", "[::1]:5000", "[::1]:5000", "::1", 5000, false, true)]
    [InlineData("[::1]", "[::1]", "[::1]", "::1", 0, false, true)]
    [InlineData("[0:0:0:0:0:0:0:1]", "[0:0:0:0:0:0:0:1]", "[0:0:0:0:0:0:0:1]", "0:0:0:0:0:0:0:1", 0, false, true)]
    [InlineData("[2001:DB8::1]:443", "[2001:db8::1]:443", "[2001:db8::1]:443", "2001:db8::1", 443, false, false)]
    [InlineData("r.example:65535", "r.example:65535", "r.example:65535", "r.example", 65535, false, false)]
    [InlineData("r.example:1", "r.example:1", "r.example:1", "r.example", 1, false, false)]
    public void Parses(string input, string name, string apiHost, string hostname, int port, bool hub, bool loopback)
    {
        var host = RegistryHost.Parse(input);
        Assert.Equal(name, host.Name);
        Assert.Equal(name, host.ToString());
        Assert.Equal(apiHost, host.ApiHost);
        Assert.Equal(hostname, host.Hostname);
        Assert.Equal(port == 0 ? null : port, host.Port);
        Assert.Equal(hub, host.IsDockerHub);
        Assert.Equal(loopback, host.IsLoopback);
        Assert.Equal(host, RegistryHost.Parse(name));
    }

    [Theory]
    [InlineData("", "registry host is empty")]
    [InlineData("a_b", "contains '_'")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("-a", "component '-a' must start and end")]
    [InlineData("a..b", "empty component")]
    [InlineData("a:", "port is empty")]
    [InlineData("a:x", "port 'x' must be a number")]
    [InlineData("a:-1", "port '-1' must be a number")]
    [InlineData("a:0", "port 0 is out of range")]
    [InlineData("a:65536", "port 65536 is out of range")]
    [InlineData("[::1", "missing its closing ']'")]
    [InlineData("[::1]x", "unexpected 'x'")]
    [InlineData("[zz]", "not a valid IPv6 address")]
    [InlineData("[1.2.3.4]", "not a valid IPv6 address")]
    [InlineData("host:5000:1", "port '5000:1' must be a number")]
    // Non-ASCII letters whose lowercase is ASCII (KELVIN SIGN, capital I with dot) are not the ASCII host they fold to.
    [InlineData("r.examp\u212Ale", "contains '\u212A'")]
    [InlineData("ghcr.\u0130o:443", "contains '\u0130'")]
    public void Rejects(string input, string reason)
    {
        Assert.False(RegistryHost.TryParse(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var ex = Assert.Throws<ReferenceFormatException>(() => RegistryHost.Parse(input));
        Assert.Equal("registry host", ex.Kind);
        Assert.Equal($"invalid registry host '{input}': {error}", ex.Message);
    }

    [Fact]
    public void DockerHub_is_the_canonical_hub()
    {
        Assert.Equal("docker.io", RegistryHost.DockerHub.Name);
        Assert.Equal("registry-1.docker.io", RegistryHost.DockerHub.ApiHost);
        Assert.True(RegistryHost.DockerHub.IsDockerHub);
        Assert.Null(RegistryHost.DockerHub.Port);
        Assert.Equal(RegistryHost.DockerHub, RegistryHost.Parse("index.docker.io"));
        Assert.False(RegistryHost.TryParse(null, out _));
    }
}
