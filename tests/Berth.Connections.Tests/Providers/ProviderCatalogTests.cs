using Berth.Connections.Providers;

namespace Berth.Connections.Tests.Providers;

public sealed class ProviderCatalogTests
{
    [Theory]
    [InlineData("generic", null, true, true)]
    [InlineData("dockerhub", "docker.io", true, false)]
    [InlineData("ghcr", "ghcr.io", true, false)]
    [InlineData("quay", "quay.io", true, true)]
    [InlineData("gcr", "gcr.io", true, true)]
    [InlineData("gar", null, true, true)]
    [InlineData("ecr", null, true, true)]
    [InlineData("acr", null, false, true)]
    [InlineData("docr", "registry.digitalocean.com", true, true)]
    [InlineData("ibm", "icr.io", true, true)]
    [InlineData("harbor", null, true, false)]
    [InlineData("jfrog", null, true, true)]
    public void Every_type_has_a_provider_with_its_default_url_and_rules(string type, string? defaultUrl, bool allowsPath, bool hasCatalog)
    {
        var provider = ProviderCatalog.Get(type);

        Assert.Equal(type, provider.Type);
        Assert.Equal(defaultUrl, provider.DefaultUrl);
        Assert.Equal(allowsPath, provider.AllowsNamespacePath);
        Assert.Equal(hasCatalog, provider.HasCatalog);
        Assert.NotEmpty(provider.Fields);
        Assert.All(provider.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Label + f.Help)));
    }

    [Fact]
    public void Catalog_lists_exactly_the_twelve_types_in_order()
    {
        Assert.Equal(["generic", "dockerhub", "ghcr", "quay", "gcr", "gar", "ecr", "acr", "docr", "ibm", "harbor", "jfrog"], ProviderCatalog.KnownTypes);
    }

    [Fact]
    public void Lookup_ignores_case()
    {
        Assert.Equal("ecr", ProviderCatalog.Get("ECR").Type);
    }

    [Fact]
    public void Unknown_type_names_the_known_types()
    {
        var ex = Assert.Throws<UnknownRegistryTypeException>(() => ProviderCatalog.Get("nexus"));

        Assert.Equal("unknown registry type 'nexus'; known types: generic, dockerhub, ghcr, quay, gcr, gar, ecr, acr, docr, ibm, harbor, jfrog", ex.Message);
        Assert.Equal("nexus", ex.Type);
    }

    [Theory]
    [InlineData("generic", "password", "username:False,password:True")]
    [InlineData("dockerhub", "password", "username:False,password:True")]
    [InlineData("ghcr", "password", "username:False,password:True")]
    [InlineData("quay", "password", "username:False,password:True,dockerConfig:True")]
    [InlineData("gcr", "keyJson", "keyJson:True,keyEncoding:False,authMode:False")]
    [InlineData("ecr", "secretAccessKey", "accessKeyId:False,secretAccessKey:True,sessionToken:True,region:False")]
    [InlineData("acr", "password", "username:False,password:True,tenantId:False,clientId:False,clientSecret:True")]
    [InlineData("docr", "token", "token:True")]
    [InlineData("ibm", "apiKey", "apiKey:True")]
    [InlineData("jfrog", "password", "username:False,password:True")]
    public void Fields_say_which_are_secret_and_which_secret_a_password_source_replaces(string type, string passwordField, string fields)
    {
        var provider = ProviderCatalog.Get(type);

        Assert.Equal(passwordField, provider.PasswordSecretField);
        Assert.Equal(fields, string.Join(',', provider.Fields.Select(f => $"{f.Name}:{f.IsSecret}")));
    }

    [Fact]
    public void Endpoints_default_to_the_public_services_and_read_test_overrides_from_named_variables()
    {
        var pub = ProviderEndpoints.Public;
        Assert.Equal("https://api.ecr.us-east-1.amazonaws.com/", pub.Ecr("us-east-1", china: false).ToString());
        Assert.Equal("https://api.ecr.cn-north-1.amazonaws.com.cn/", pub.Ecr("cn-north-1", china: true).ToString());
        Assert.Equal("https://oauth2.googleapis.com/token", pub.GoogleToken.ToString());
        Assert.Equal("https://login.microsoftonline.com/", pub.AzureAdAuthority.ToString());
        Assert.Equal("https://hub.docker.com/", pub.DockerHubApi.ToString());

        var vars = new Dictionary<string, string>
        {
            ["BERTH_TEST_ENDPOINTS_ECR"] = "http://127.0.0.1:1001/",
            ["BERTH_TEST_ENDPOINTS_GOOGLE_TOKEN"] = "http://127.0.0.1:1002/token",
            ["BERTH_TEST_ENDPOINTS_AZURE_AD"] = "http://127.0.0.1:1003/",
            ["BERTH_TEST_ENDPOINTS_DOCKERHUB"] = "http://127.0.0.1:1004/",
        };
        var overridden = ProviderEndpoints.FromVariables(n => vars.GetValueOrDefault(n));
        Assert.Equal("http://127.0.0.1:1001/", overridden.Ecr("eu-west-1", china: false).ToString());
        Assert.Equal("http://127.0.0.1:1002/token", overridden.GoogleToken.ToString());
        Assert.Equal("http://127.0.0.1:1003/", overridden.AzureAdAuthority.ToString());
        Assert.Equal("http://127.0.0.1:1004/", overridden.DockerHubApi.ToString());
        Assert.Equal(pub, ProviderEndpoints.FromVariables(_ => null));
    }

    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com", "123456789012", "us-east-1", false)]
    [InlineData("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "123456789012", "cn-north-1", true)]
    [InlineData("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "123456789012", "us-gov-west-1", false)]
    [InlineData("870119404647.dkr.ecr.ap-southeast-2.amazonaws.com", "870119404647", "ap-southeast-2", false)]
    public void Ecr_addresses_yield_account_and_region(string host, string account, string region, bool china)
    {
        Assert.True(EcrRegistryAddress.TryParse(host, out var address));
        Assert.Equal(new EcrRegistryAddress(account, region, china), address);
    }

    [Theory]
    [InlineData("012345678910.dkr.ecr.us-east-1.amazon.aws.com")]
    [InlineData("12345.dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("123456789012.dkr.ecr.amazonaws.com")]
    [InlineData("registry.example.com")]
    public void Non_ecr_hosts_do_not_parse(string host)
    {
        Assert.False(EcrRegistryAddress.TryParse(host, out _));
    }
}
