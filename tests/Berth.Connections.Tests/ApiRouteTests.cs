namespace Berth.Connections.Tests;

public sealed class ApiRouteTests
{
    [Theory]
    [InlineData("jfrog", "arti.example.com/artifactory/api/docker/docker-local", null, "artifactory/api/docker/docker-local", "docker-local", "docker-local")]
    [InlineData("jfrog", "arti.example.com/artifactory/api/docker/docker-local/team", null, "artifactory/api/docker/docker-local", "docker-local", "docker-local/team")]
    [InlineData("jfrog", "acme.jfrog.io/docker-local", null, "", "", "docker-local")]
    [InlineData("generic", "proxy.example.com/registry", "registry", "registry", "", "")]
    [InlineData("generic", "proxy.example.com/registry/team", "registry", "registry", "", "team")]
    [InlineData("generic", "proxy.example.com/team", null, "", "", "team")]
    [InlineData("generic", "proxy.example.com/artifactory/api/docker/key", null, "", "", "artifactory/api/docker/key")]
    public void Route_and_image_namespace_follow_the_type_url_and_declared_path(string type, string url, string? apiPath, string expectedApi, string expectedPrefix, string expectedNamespace)
    {
        var connection = new Connection
        {
            OrganizationId = Guid.NewGuid(),
            Name = "c",
            Type = type,
            Url = url,
            Options = ConnectionOptions.Default with { ApiPath = apiPath },
        };

        var route = ApiRoute.For(connection);

        Assert.Equal(expectedApi, route.ApiPath);
        Assert.Equal(expectedPrefix, route.NamePrefix);
        Assert.Equal(expectedNamespace, ConnectionAddress.Of(connection).Path);
    }

    [Theory]
    [InlineData("/artifactory/api/docker/key/", "artifactory/api/docker/key")]
    [InlineData("prefix/v2/", "prefix")]
    [InlineData("a.b_c~d-e", "a.b_c~d-e")]
    public void Api_paths_are_normalized(string text, string expected)
    {
        Assert.True(ApiRoute.TryNormalize(text, out var path, out var error), error);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/./b")]
    [InlineData("a b")]
    [InlineData("a?x=1")]
    [InlineData("/")]
    [InlineData("v2")]
    public void Unsafe_or_empty_api_paths_are_refused(string text)
    {
        Assert.False(ApiRoute.TryNormalize(text, out _, out var error));
        Assert.Contains("must be URL path segments", error, StringComparison.Ordinal);
    }
}
