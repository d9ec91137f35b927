using Berth.Connections.Docker;

namespace Berth.Connections.Tests.Docker;

public sealed class RegistryTypeGuesserTests
{
    [Theory]
    [InlineData("https://index.docker.io/v1/", "dockerhub")]
    [InlineData("docker.io", "dockerhub")]
    [InlineData("index.docker.io", "dockerhub")]
    [InlineData("registry-1.docker.io", "dockerhub")]
    [InlineData("ghcr.io", "ghcr")]
    [InlineData("https://ghcr.io/v2/", "ghcr")]
    [InlineData("quay.io", "quay")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com", "ecr")]
    [InlineData("https://123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "ecr")]
    [InlineData("myreg.azurecr.io", "acr")]
    [InlineData("registry.digitalocean.com", "docr")]
    [InlineData("icr.io", "ibm")]
    [InlineData("us.icr.io", "ibm")]
    [InlineData("registry.ng.bluemix.net", "ibm")]
    [InlineData("acme.jfrog.io", "jfrog")]
    [InlineData("gcr.io", "gcr")]
    [InlineData("eu.gcr.io", "gcr")]
    [InlineData("europe-west1-docker.pkg.dev", "gar")]
    [InlineData("myreg.azurecr.io:443", "acr")]
    public void Known_hosts_give_their_type(string host, string expected) =>
        Assert.Equal(expected, RegistryTypeGuesser.Guess(host));

    [Theory]
    [InlineData("registry.example.com")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("quay.io.example.com")]
    [InlineData("notazurecr.io")]
    [InlineData("12345.dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("pkg.dev")]
    public void Other_hosts_are_not_guessed(string host) => Assert.Null(RegistryTypeGuesser.Guess(host));
}
