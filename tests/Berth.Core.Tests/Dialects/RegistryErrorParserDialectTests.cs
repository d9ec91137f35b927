using System.Text;
using Berth.Errors;

namespace Berth.Core.Tests.Dialects;

/// <summary>Error bodies as registries and the proxies before them really send them.</summary>
public sealed class RegistryErrorParserDialectTests
{
    [Theory]
    [InlineData("{\"errors\":[{\"code\":\"404\",\"message\":\"manifest unknown\"}]}", "404: manifest unknown")]
    [InlineData("{\"errors\":[{\"code\":404,\"message\":\"not found\"}]}", "404: not found")]
    [InlineData("{\"errors\":[{\"status\":404,\"message\":\"Could not find manifest\"}]}", "404: Could not find manifest")]
    [InlineData("{\"details\":\"incorrect username or password\"}", "incorrect username or password")]
    [InlineData("{\"message\":\"Unauthorized\"}", "Unauthorized")]
    [InlineData("401 Unauthorized\n", "401 Unauthorized")]
    [InlineData("Authentication required\r\nmore text", "Authentication required")]
    public void Reads_non_standard_bodies(string body, string expected)
    {
        var errors = RegistryErrorParser.Parse(Encoding.UTF8.GetBytes(body));
        Assert.Equal(expected, Assert.Single(errors).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{}")]
    public void Yields_nothing_for_bodies_without_a_message(string body)
    {
        Assert.Empty(RegistryErrorParser.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Reads_the_resource_a_Docker_Hub_refusal_names()
    {
        var errors = RegistryErrorParser.Parse(Encoding.UTF8.GetBytes(
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":[{\"Type\":\"repository\",\"Class\":\"\",\"Name\":\"samalba/my-app\",\"Action\":\"pull\"}]}]}"));
        Assert.Equal(new RegistryAccessDetail("repository", "samalba/my-app", "pull"), RegistryAccessDetail.Find(errors));
    }
}
