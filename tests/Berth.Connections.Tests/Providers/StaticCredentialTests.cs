using System.Security.Cryptography;
using System.Text;
using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers.Fakes;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

/// <summary>Types whose registry credential is derived without a token service.</summary>
public sealed class StaticCredentialTests
{
    private static readonly string KeyJson = FakeGoogleOAuth.KeyJson(RSA.Create(2048));

    [Theory]
    [InlineData("generic", "registry.example.com", "username", "alice", "password", "s3cret", "alice", "s3cret")]
    [InlineData("dockerhub", "", "username", "porter1", "password", "dckr_pat_abc", "porter1", "dckr_pat_abc")]
    [InlineData("ghcr", "ghcr.io/acme", "username", "octocat", "password", "ghp_abc", "octocat", "ghp_abc")]
    [InlineData("quay", "quay.io", "username", "acme+deployer", "password", "ROBOTTOKEN", "acme+deployer", "ROBOTTOKEN")]
    [InlineData("jfrog", "acme-docker.jfrog.io", "username", "ci", "password", "AKCp8abc", "ci", "AKCp8abc")]
    [InlineData("acr", "codeship.azurecr.io", "username", "codeship", "password", "adminpw", "codeship", "adminpw")]
    public async Task Username_and_secret_types_pass_them_through(string type, string url, string userField, string user, string secretField, string secret, string expectedUser, string expectedPassword)
    {
        var credential = await DeriveAsync(Make(type, url, [(userField, user)], [(secretField, secret)]));

        Assert.Equal(expectedUser, credential.Credential.Username);
        Assert.Equal(expectedPassword, credential.Credential.Password);
        Assert.Null(credential.ExpiresAt);
    }

    [Fact]
    public async Task Generic_without_credentials_is_anonymous()
    {
        var credential = await DeriveAsync(Make("generic", "http://127.0.0.1:5000"));

        Assert.True(credential.Credential.IsAnonymous);
    }

    [Fact]
    public async Task Docr_uses_the_token_as_username_and_password()
    {
        var credential = await DeriveAsync(Make("docr", "registry.digitalocean.com/porter-hi", secrets: [("token", "dop_v1_0123")]));

        Assert.Equal("dop_v1_0123", credential.Credential.Username);
        Assert.Equal("dop_v1_0123", credential.Credential.Password);
    }

    [Fact]
    public async Task Ibm_uses_iamapikey_and_the_api_key()
    {
        var credential = await DeriveAsync(Make("ibm", "us.icr.io/codeship", secrets: [("apiKey", "ibm-api-key-0123")]));

        Assert.Equal("iamapikey", credential.Credential.Username);
        Assert.Equal("ibm-api-key-0123", credential.Credential.Password);
    }

    [Fact]
    public async Task Quay_takes_the_entry_for_its_host_from_an_uploaded_auth_json()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("acme+deployer:ROBOT:TOKEN"));
        var config = """{"auths":{"https://index.docker.io/v1/":{"auth":"b3RoZXI6b3RoZXI="},"quay.io":{"auth":"AUTH","email":""}}}""".Replace("AUTH", auth, StringComparison.Ordinal);

        var credential = await DeriveAsync(Make("quay", "quay.io/acme", secrets: [("dockerConfig", config)]));

        Assert.Equal("acme+deployer", credential.Credential.Username);
        Assert.Equal("ROBOT:TOKEN", credential.Credential.Password);
    }

    [Fact]
    public async Task Quay_reads_a_legacy_dockercfg_with_username_and_password()
    {
        var config = """{"https://quay.example.com":{"username":"acme+ci","password":"pw","email":"."}}""";

        var credential = await DeriveAsync(Make("quay", "quay.example.com", secrets: [("dockerConfig", config)]));

        Assert.Equal("acme+ci", credential.Credential.Username);
        Assert.Equal("pw", credential.Credential.Password);
    }

    [Fact]
    public async Task Google_json_key_is_the_password_for_json_key()
    {
        var credential = await DeriveAsync(Make("gcr", "gcr.io/my-project-123456", secrets: [("keyJson", KeyJson)]));

        Assert.Equal("_json_key", credential.Credential.Username);
        Assert.Equal(KeyJson, credential.Credential.Password);
        Assert.Null(credential.ExpiresAt);
    }

    [Fact]
    public async Task Google_base64_encoding_uses_json_key_base64_as_cloud_66_describes()
    {
        var credential = await DeriveAsync(Make("gar", "https://europe-west1-docker.pkg.dev", [("keyEncoding", "base64")], [("keyJson", KeyJson)]));

        Assert.Equal("_json_key_base64", credential.Credential.Username);
        Assert.Equal(KeyJson, Encoding.UTF8.GetString(Convert.FromBase64String(credential.Credential.Password!)));
    }

    [Fact]
    public async Task Google_key_given_as_base64_is_decoded_first()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyJson));

        var credential = await DeriveAsync(Make("gar", "us-docker.pkg.dev/p/r", secrets: [("keyJson", encoded)]));

        Assert.Equal("_json_key", credential.Credential.Username);
        Assert.Equal(KeyJson, credential.Credential.Password);
    }

    [Fact]
    public async Task Invalid_connection_throws_validation_exception_with_the_errors()
    {
        var ex = await Assert.ThrowsAsync<ConnectionValidationException>(() => DeriveAsync(Make("ibm", "icr.io")));

        Assert.Equal("ibm", ex.Type);
        Assert.Equal("apiKey", Assert.Single(ex.Errors).Field);
    }
}
