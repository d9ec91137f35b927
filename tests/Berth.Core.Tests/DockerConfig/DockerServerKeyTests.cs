using Berth.DockerConfig;

namespace Berth.Core.Tests.DockerConfig;

public sealed class DockerServerKeyTests
{
    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("index.docker.io", "docker.io")]
    [InlineData("docker.io", "docker.io")]
    [InlineData("registry-1.docker.io", "docker.io")]
    [InlineData("https://index.docker.io/", "docker.io")]
    [InlineData("https://ghcr.io/v2/", "ghcr.io")]
    [InlineData("https://ghcr.io/v1/", "ghcr.io")]
    [InlineData("http://127.0.0.1:5000/v2", "127.0.0.1:5000")]
    [InlineData("Quay.IO", "quay.io")]
    [InlineData("registry.example.com:8443/", "registry.example.com:8443")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com", "123456789012.dkr.ecr.us-east-1.amazonaws.com")]
    public void Normalize_reduces_keys_to_host(string key, string expected) =>
        Assert.Equal(expected, DockerServerKey.Normalize(key));

    [Theory]
    [InlineData("docker.io", "https://index.docker.io/v1/")]
    [InlineData("registry-1.docker.io", "https://index.docker.io/v1/")]
    [InlineData("https://ghcr.io/v2/", "ghcr.io")]
    [InlineData("localhost:5000", "localhost:5000")]
    public void Config_key_is_written_as_docker_writes_it(string server, string expected) =>
        Assert.Equal(expected, DockerServerKey.ToConfigKey(server));

    [Fact]
    public void Hub_detection()
    {
        Assert.True(DockerServerKey.IsDockerHub("https://index.docker.io/v1/"));
        Assert.False(DockerServerKey.IsDockerHub("ghcr.io"));
        Assert.True(DockerServerKey.SameRegistry("https://ghcr.io/v2/", "GHCR.io"));
        Assert.False(DockerServerKey.SameRegistry("ghcr.io", "quay.io"));
    }
}
