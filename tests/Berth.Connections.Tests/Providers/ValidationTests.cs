using System.Security.Cryptography;
using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers.Fakes;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

public sealed class ValidationTests
{
    private static readonly string ValidKey = FakeGoogleOAuth.KeyJson(RSA.Create(2048));

    private static void AssertErrors(ConnectionDraft draft, params string[] expected) =>
        Assert.Equal(expected, ProviderCatalog.Validate(draft).Select(e => e.ToString()));

    public static TheoryData<string, ConnectionDraft> ValidDrafts() => new()
    {
        { "generic anonymous", Draft("generic", "https://registry.example.com/team") },
        { "generic basic", Draft("generic", "registry.example.com:5000", [("username", "u")], [("password", "p")]) },
        { "generic password file", Draft("generic", "registry.example.com", [("username", "AWS")], options: new() { PasswordFile = "/run/secrets/pw" }) },
        { "generic password command", Draft("generic", "012345678910.dkr.ecr.us-east-1.amazonaws.com", [("username", "AWS")], options: new() { PasswordCommand = ["aws", "ecr", "get-login-password"] }) },
        { "dockerhub default url", Draft("dockerhub", null, [("username", "porter1")], [("password", "dckr_pat_x")]) },
        { "dockerhub namespace", Draft("dockerhub", "docker.io/porter1", [("username", "porter1")], [("password", "dckr_pat_x")]) },
        { "ghcr", Draft("ghcr", "ghcr.io/acme/tools", [("username", "octocat")], [("password", "ghp_x")]) },
        { "quay robot", Draft("quay", null, [("username", "acme+deployer")], [("password", "TOKEN")]) },
        { "quay auth.json", Draft("quay", "quay.io/acme", secrets: [("dockerConfig", """{"auths":{"quay.io":{"auth":"YWNtZStkZXBsb3llcjpUT0tFTg==","email":""}}}""")]) },
        { "gcr key", Draft("gcr", "gcr.io/my-project-123456", secrets: [("keyJson", ValidKey)]) },
        { "gcr key file (Halyard)", Draft("gcr", "gcr.io", options: new() { PasswordFile = "/home/u/.gcp/gcr-account.json" }) },
        { "gar base64 key", Draft("gar", "https://europe-west1-docker.pkg.dev/my-project/images", [("keyEncoding", "base64"), ("authMode", "jsonKey")], [("keyJson", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ValidKey)))]) },
        { "ecr", Draft("ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com/team", [("accessKeyId", "AKIA1")], [("secretAccessKey", "s")]) },
        { "ecr china", Draft("ecr", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", [("accessKeyId", "AKIA1"), ("region", "cn-north-1")], [("secretAccessKey", "s")]) },
        { "ecr custom host with region", Draft("ecr", "ecr-proxy.internal.example", [("accessKeyId", "AKIA1"), ("region", "us-east-2")], [("secretAccessKey", "s")]) },
        { "acr admin", Draft("acr", "codeship.azurecr.io", [("username", "codeship")], [("password", "p")]) },
        { "acr service principal", Draft("acr", "codeship.azurecr.io", [("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47"), ("clientId", "c")], [("clientSecret", "s")]) },
        { "acr service principal, tenant domain", Draft("acr", "codeship.azurecr.io", [("tenantId", "contoso.onmicrosoft.com"), ("clientId", "c")], [("clientSecret", "s")]) },
        { "ecr gov region", Draft("ecr", "ecr-proxy.internal.example", [("accessKeyId", "AKIA1"), ("region", "us-gov-west-1")], [("secretAccessKey", "s")]) },
        { "ecr iso region", Draft("ecr", "ecr-proxy.internal.example", [("accessKeyId", "AKIA1"), ("region", "us-isob-east-1")], [("secretAccessKey", "s")]) },
        { "docr", Draft("docr", "registry.digitalocean.com/porter-hi", secrets: [("token", "dop_v1_x")]) },
        { "ibm", Draft("ibm", "us.icr.io/codeship", secrets: [("apiKey", "k")]) },
        { "jfrog", Draft("jfrog", "acme-docker.jfrog.io", [("username", "u")], [("password", "AKCp8x")]) },
    };

    [Theory]
    [MemberData(nameof(ValidDrafts))]
    public void Valid_drafts_have_no_errors(string name, ConnectionDraft draft)
    {
        Assert.True(ProviderCatalog.Validate(draft).Count == 0, name + ": " + string.Join("; ", ProviderCatalog.Validate(draft)));
    }

    [Fact]
    public void Missing_required_fields_are_named_with_their_labels()
    {
        AssertErrors(Draft("dockerhub", null),
            "username: Docker Hub username is required for Docker Hub",
            "password: Access token is required for Docker Hub: give password, a password file or a password command");
        AssertErrors(Draft("ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com"),
            "accessKeyId: AWS access key ID is required for Amazon ECR",
            "secretAccessKey: AWS secret access key is required for Amazon ECR: give secretAccessKey, a password file or a password command");
        AssertErrors(Draft("ibm", null), "apiKey: IAM API key is required for IBM Cloud Container Registry: give apiKey, a password file or a password command");
    }

    [Fact]
    public void Types_without_a_default_url_require_one()
    {
        AssertErrors(Draft("gar", null, secrets: [("keyJson", ValidKey)]),
            "url: registry URL is required for Google Artifact Registry: https://LOCATION-docker.pkg.dev, optionally with /<project>/<repository>");
    }

    [Fact]
    public void Url_with_query_or_bad_host_is_rejected()
    {
        AssertErrors(Draft("generic", "https://registry.example.com/?tab=tags"),
            "url: registry URL 'https://registry.example.com/?tab=tags' must be host[:port][/namespace] without user info, query or fragment");
        AssertErrors(Draft("generic", "ftp://registry.example.com"),
            "url: registry URL 'ftp://registry.example.com' has scheme 'ftp'; use https:// or http://, or leave the scheme out");
    }

    [Fact]
    public void Acr_urls_have_no_namespace_path()
    {
        AssertErrors(Draft("acr", "codeship.azurecr.io/codeship-testing", [("username", "codeship")], [("password", "p")]),
            "url: Azure Container Registry URL 'codeship.azurecr.io/codeship-testing' must not have a path; use 'codeship.azurecr.io' (<registry-name>.azurecr.io)");
    }

    [Fact]
    public void Docker_hub_path_is_only_the_namespace()
    {
        AssertErrors(Draft("dockerhub", "docker.io/porter1/porter", [("username", "porter1")], [("password", "t")]),
            "url: Docker Hub URL path is the namespace (your user or organization), one component such as 'docker.io/porter1'; list 'porter1/porter' under repositories instead");
    }

    [Fact]
    public void Ecr_region_must_be_readable_from_the_url_or_given()
    {
        // The Halyard page's table spells the host "amazon.aws.com": exactly the mistake this catches.
        AssertErrors(Draft("ecr", "012345678910.dkr.ecr.us-east-1.amazon.aws.com", [("accessKeyId", "AKIA1")], [("secretAccessKey", "s")]),
            "url: cannot read the region from ECR URL '012345678910.dkr.ecr.us-east-1.amazon.aws.com': expected <account-id>.dkr.ecr.<region>.amazonaws.com (or .amazonaws.com.cn); fix the URL or set the region field");
        AssertErrors(Draft("ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com", [("accessKeyId", "AKIA1"), ("region", "eu-west-1")], [("secretAccessKey", "s")]),
            "region: region 'eu-west-1' does not match the region 'us-east-1' in the ECR URL '123456789012.dkr.ecr.us-east-1.amazonaws.com'; leave the region out or fix it");
    }

    [Theory]
    [InlineData("x@127.0.0.1:19523/#")]
    [InlineData("us-east-1.evil.example/")]
    [InlineData("us-east-1?")]
    [InlineData("US EAST 1")]
    [InlineData("")]
    public void Ecr_region_is_a_region_code_because_it_goes_into_the_api_host(string region)
    {
        // Finding 7: the region went verbatim into https://api.ecr.{region}.amazonaws.com/, so '@' moved the signed call to another host.
        AssertErrors(Draft("ecr", "ecr-proxy.internal.example", [("accessKeyId", "AKIA1"), ("region", region)], [("secretAccessKey", "s")]),
            region.Length == 0
                ? "url: cannot read the region from ECR URL 'ecr-proxy.internal.example': expected <account-id>.dkr.ecr.<region>.amazonaws.com (or .amazonaws.com.cn); fix the URL or set the region field"
                : $"region: '{region}' is not an AWS region code; give one such as us-east-1, eu-central-1 or us-gov-west-1, or leave the region out to read it from the URL");
    }

    [Fact]
    public void The_ecr_endpoint_is_built_from_a_checked_region()
    {
        Assert.Equal(new Uri("https://api.ecr.eu-central-1.amazonaws.com/"), ProviderEndpoints.Public.Ecr("eu-central-1", china: false));
        Assert.Equal(new Uri("https://api.ecr.cn-north-1.amazonaws.com.cn/"), ProviderEndpoints.Public.Ecr("cn-north-1", china: true));
        Assert.Throws<ArgumentException>(() => ProviderEndpoints.Public.Ecr("x@127.0.0.1:19523/#", china: false));
    }

    [Theory]
    [InlineData("../../oauth2")]
    [InlineData("evil.example/x?")]
    [InlineData("t")]
    [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db47@evil.example")]
    public void Acr_tenant_is_a_guid_or_a_domain_because_it_goes_into_the_token_url(string tenant)
    {
        AssertErrors(Draft("acr", "r.azurecr.io", [("tenantId", tenant), ("clientId", "c")], [("clientSecret", "s")]),
            $"tenantId: '{tenant}' is not an Azure AD tenant: give the tenant (directory) ID, a GUID, or its domain such as contoso.onmicrosoft.com");
    }

    [Theory]
    [InlineData("docker.io/..")]
    [InlineData("docker.io/Acme")]
    [InlineData("docker.io/a..b")]
    public void Docker_hub_namespace_follows_the_reference_grammar_because_it_goes_into_the_hub_api_url(string url)
    {
        var path = url["docker.io/".Length..];
        AssertErrors(Draft("dockerhub", url, [("username", "porter1")], [("password", "dckr_pat_x")]),
            $"url: '{path}' is not a Docker Hub namespace: lowercase letters, digits and separators, such as 'docker.io/acme'");
    }

    [Fact]
    public void Google_key_must_be_a_service_account_json_key()
    {
        static ConnectionDraft Gcr(string key) => Draft("gcr", "gcr.io/my-project", secrets: [("keyJson", key)]);

        AssertErrors(Gcr("key: value"),
            "keyJson: the key file is not JSON (line 1, column 1); download a JSON key for the service account (IAM & Admin > Service Accounts > Keys > Add key > JSON)");
        AssertErrors(Gcr("{\"type\": \"service_account\",\n  \"x\": }"),
            "keyJson: the key file is not JSON (line 2, column 8); download a JSON key for the service account (IAM & Admin > Service Accounts > Keys > Add key > JSON)");
        AssertErrors(Gcr("""{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com"}"""),
            "keyJson: the key file has no 'private_key'; download a new JSON key for the service account");
        AssertErrors(Gcr("""{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n"}"""),
            "keyJson: the key file has no 'client_email'; download a new JSON key for the service account");
        AssertErrors(Gcr("""{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}"""),
            "keyJson: the key file has type 'authorized_user', not 'service_account'; create a key for a service account, not user credentials");
        AssertErrors(Gcr("""{"client_email":"a@b","private_key":"k"}"""),
            "keyJson: the key file has no 'type'; expected 'service_account'");
        AssertErrors(Gcr("[1,2]"), "keyJson: the key file is not a JSON object; download a JSON key for the service account");
    }

    [Fact]
    public void Google_options_must_be_known_values()
    {
        AssertErrors(Draft("gar", "us-docker.pkg.dev/p", [("keyEncoding", "hex"), ("authMode", "oidc")], [("keyJson", ValidKey)]),
            "keyEncoding: key encoding 'hex' is not known; use 'json' or 'base64'",
            "authMode: authentication mode 'oidc' is not known; use 'jsonKey' or 'accessToken'");
    }

    [Fact]
    public void At_most_one_password_source_halyard_rule()
    {
        AssertErrors(Draft("generic", "registry.example.com", [("username", "u")], [("password", "p")], new() { PasswordFile = "/pw", PasswordCommand = ["pass", "show", "reg"] }),
            "password: give only one of password, password file and password command; found password, password file and password command");
        AssertErrors(Draft("gcr", "gcr.io", secrets: [("keyJson", ValidKey)], options: new() { PasswordFile = "/key.json" }),
            "keyJson: give only one of keyJson, password file and password command; found keyJson and password file");
        AssertErrors(Draft("docr", null, options: new() { PasswordFile = "/t", PasswordCommand = ["doctl", "auth", "token"] }),
            "token: give only one of token, password file and password command; found password file and password command");
    }

    [Fact]
    public void Generic_anonymous_or_complete_but_not_half_a_credential()
    {
        AssertErrors(Draft("generic", "registry.example.com", secrets: [("password", "p")]),
            "username: Username is required when a password is given");
        AssertErrors(Draft("generic", "registry.example.com", [("username", "u")]),
            "password: Password / Token is required with a username: give password, a password file or a password command");
    }

    [Fact]
    public void Quay_needs_one_credential_form_and_a_matching_docker_config_entry()
    {
        AssertErrors(Draft("quay", null), "username: Quay needs a username and token (robot account) or a docker config (auth.json)");
        AssertErrors(Draft("quay", null, secrets: [("dockerConfig", """{"auths":{"https://index.docker.io/v1/":{"auth":"dTpw"}}}""")]),
            "dockerConfig: the docker config has no entry for quay.io (it has: https://index.docker.io/v1/)");
        AssertErrors(Draft("quay", null, secrets: [("dockerConfig", "{\"auths\":{\n\"quay.io\":{\"auth\":\"x\"}}} x")]),
            "dockerConfig: the docker config is not JSON (line 2, column 26); upload the auth.json or .dockercfg file as downloaded");
        AssertErrors(Draft("quay", null, [("username", "acme+bot")], [("password", "t"), ("dockerConfig", "{}")]),
            "dockerConfig: give either a docker config or a username and token, not both");
    }

    [Fact]
    public void Acr_takes_admin_user_or_service_principal()
    {
        AssertErrors(Draft("acr", "r.azurecr.io"),
            "username: Azure Container Registry needs the admin username and password or a service principal (tenantId, clientId, clientSecret)");
        AssertErrors(Draft("acr", "r.azurecr.io", [("username", "r"), ("tenantId", "t")], [("password", "p")]),
            "username: give either the admin username and password or a service principal (tenantId, clientId, clientSecret), not both");
        AssertErrors(Draft("acr", "r.azurecr.io", [("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47"), ("clientId", "c")]),
            "clientSecret: Client secret is required for a service principal");
        AssertErrors(Draft("acr", "r.azurecr.io", [("username", "r")]),
            "password: Admin password is required with the admin username");
    }

    [Fact]
    public void Unknown_type_is_a_validation_error()
    {
        AssertErrors(Draft("nexus", "nexus.example.com"),
            "type: unknown registry type 'nexus'; known types: generic, dockerhub, ghcr, quay, gcr, gar, ecr, acr, docr, ibm, harbor, jfrog");
    }
}
