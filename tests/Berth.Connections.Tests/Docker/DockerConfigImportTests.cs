using Berth.Connections.Docker;
using Berth.Connections.Providers;
using Berth.DockerConfig;

namespace Berth.Connections.Tests.Docker;

public sealed class DockerConfigImportTests
{
    private const string KeyJson = """{"type":"service_account","client_email":"ci@p.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"}""";

    private static DockerAuthEntry Pw(string user, string password) => DockerAuthEntry.FromPassword(user, password);

    public static TheoryData<string, string, string, string, string, string[], string[]> Mappings => new()
    {
        // key, user, password, type given → expected type, url, fields (k=v), secrets (k=v)
        { "https://index.docker.io/v1/", "bob", "pat", "dockerhub", "docker.io", ["username=bob"], ["password=pat"] },
        { "ghcr.io", "octo", "ghp_x", "ghcr", "ghcr.io", ["username=octo"], ["password=ghp_x"] },
        { "quay.io", "org+robot", "tok", "quay", "quay.io", ["username=org+robot"], ["password=tok"] },
        { "acme.jfrog.io", "me", "key", "jfrog", "acme.jfrog.io", ["username=me"], ["password=key"] },
        { "myreg.azurecr.io", "myreg", "adminpw", "acr", "myreg.azurecr.io", ["username=myreg"], ["password=adminpw"] },
        { "registry.digitalocean.com", "dop_v1_x", "dop_v1_x", "docr", "registry.digitalocean.com", [], ["token=dop_v1_x"] },
        { "us.icr.io", "iamapikey", "ibm-key", "ibm", "us.icr.io", [], ["apiKey=ibm-key"] },
        { "gcr.io", "_json_key", KeyJson, "gcr", "gcr.io", [], ["keyJson=" + KeyJson] },
        { "europe-docker.pkg.dev", "_json_key_base64", "eyJ0eXBlIjoi", "gar", "europe-docker.pkg.dev", ["keyEncoding=base64"], ["keyJson=eyJ0eXBlIjoi"] },
        { "https://registry.example.com/v1/", "u", "p", "generic", "registry.example.com", ["username=u"], ["password=p"] },
        { "http://10.0.0.5:5000", "u", "p", "generic", "http://10.0.0.5:5000", ["username=u"], ["password=p"] },
        { "127.0.0.1:5000/team", "u", "p", "generic", "127.0.0.1:5000/team", ["username=u"], ["password=p"] },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public void Entries_map_to_the_fields_of_their_type(string key, string user, string password, string type, string url, string[] fields, string[] secrets)
    {
        var plan = DockerConfigImport.Plan(key, Pw(user, password), type);
        Assert.True(plan.Draft is not null, plan.SkipReason);
        var draft = plan.Draft!;
        Assert.Equal(type, draft.Type);
        Assert.Equal(url, draft.Url);
        Assert.Equal(fields.Order(StringComparer.Ordinal), draft.Fields.Select(f => $"{f.Key}={f.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(secrets.Order(StringComparer.Ordinal), draft.Secrets.Names.Select(n => $"{n}={draft.Secrets.Reveal(n)}").Order(StringComparer.Ordinal));
        Assert.Empty(plan.Notes);
    }

    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com", "AWS", "ecr", "12 hours")]
    [InlineData("gcr.io", "oauth2accesstoken", "gcr", "within an hour")]
    [InlineData("us.icr.io", "token", "ibm", "not 'iamapikey'")]
    [InlineData("myreg.azurecr.io", "00000000-0000-0000-0000-000000000000", "acr", "az acr login")]
    public void Short_lived_or_unrecognised_credentials_are_imported_as_generic_with_a_note(string key, string user, string type, string noteFragment)
    {
        var plan = DockerConfigImport.Plan(key, Pw(user, "secret-value"), type);
        Assert.Equal("generic", plan.Draft!.Type);
        Assert.Equal(user, plan.Draft.Fields["username"]);
        Assert.Equal("secret-value", plan.Draft.Secrets.Reveal("password"));
        Assert.Contains(noteFragment, Assert.Single(plan.Notes), StringComparison.Ordinal);
        Assert.Empty(ProviderCatalog.Get("generic").Validate(plan.Draft));
    }

    [Theory]
    [InlineData("identity", "identity token")]
    [InlineData("registry", "bearer token")]
    [InlineData("empty", "no credentials")]
    [InlineData("nopassword", "no password")]
    public void Credentials_Berth_cannot_keep_are_skipped_with_the_reason(string kind, string reason)
    {
        var entry = kind switch
        {
            "identity" => DockerAuthEntry.FromIdentityToken("refresh", "user"),
            "registry" => new DockerAuthEntry { RegistryToken = "bearer" },
            "empty" => new DockerAuthEntry(),
            _ => new DockerAuthEntry { Username = "only-user" },
        };
        var plan = DockerConfigImport.Plan("registry.example.com", entry, "generic");
        Assert.Null(plan.Draft);
        Assert.Contains(reason, plan.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_the_host_with_namespace_and_prefix()
    {
        Assert.Equal("ci-docker.io", DockerConfigImport.Plan("https://index.docker.io/v1/", Pw("a", "b"), "dockerhub", "ci-").Name);
        Assert.Equal("127.0.0.1:5000/team", DockerConfigImport.Plan("127.0.0.1:5000/team", Pw("a", "b"), "generic").Name);
    }

    [Fact]
    public async Task Collect_reads_auths_and_skips_hosts_served_by_credHelpers_and_empty_entries_without_a_store()
    {
        var file = DockerConfigReader.Parse("""
            {
              "auths": {
                "a.example.com": { "auth": "dTpw" },
                "helped.example.com": { "auth": "eDp5" },
                "empty.example.com": {}
              },
              "credHelpers": { "helped.example.com": "nosuchhelper-berth-test" }
            }
            """);
        var found = await DockerConfigImport.CollectAsync(file, null, CancellationToken.None);
        Assert.Equal(3, found.Count);
        var helped = found.Single(f => f.ServerKey == "helped.example.com");
        Assert.Null(helped.Entry);
        Assert.Contains("docker-credential-nosuchhelper-berth-test", helped.Error, StringComparison.Ordinal);
        Assert.Equal("credHelpers (docker-credential-nosuchhelper-berth-test)", helped.Origin);
        Assert.Equal("u", found.Single(f => f.ServerKey == "a.example.com").Entry!.Username);
        Assert.False(found.Single(f => f.ServerKey == "empty.example.com").Entry!.HasCredentials);
    }
}

public sealed class DockerConfigImportCredsStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-credsstore").FullName;

    [Fact]
    public async Task CredsStore_is_listed_then_asked_per_url_including_empty_auths_entries()
    {
        var script = Path.Combine(_dir, "docker-credential-teststore");
        await File.WriteAllTextAsync(script, """
            #!/bin/sh
            case "$1" in
              list) echo '{"https://store.example.com":"su","https://index.docker.io/v1/":"hubuser"}' ;;
              get)
                url=$(cat)
                case "$url" in
                  https://store.example.com) echo '{"ServerURL":"https://store.example.com","Username":"su","Secret":"store-secret"}' ;;
                  https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"<token>","Secret":"hub-identity"}' ;;
                  *) echo 'credentials not found in native keychain'; exit 1 ;;
                esac ;;
              *) exit 2 ;;
            esac
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = DockerConfigReader.Parse("""
            { "auths": { "https://index.docker.io/v1/": {}, "missing.example.com": {} }, "credsStore": "teststore" }
            """);

        var found = await DockerConfigImport.CollectAsync(file, name => new CredentialHelperClient(name, script), CancellationToken.None);

        Assert.Equal(["https://index.docker.io/v1/", "https://store.example.com", "missing.example.com"], found.Select(f => f.ServerKey).Order(StringComparer.Ordinal));
        Assert.All(found, f => Assert.Equal("credsStore (docker-credential-teststore)", f.Origin));
        var store = found.Single(f => f.ServerKey == "https://store.example.com").Entry!;
        Assert.Equal(("su", "store-secret"), (store.Username, store.Password));
        Assert.Equal("hub-identity", found.Single(f => f.ServerKey == "https://index.docker.io/v1/").Entry!.IdentityToken);
        Assert.Contains("has no credentials for missing.example.com", found.Single(f => f.ServerKey == "missing.example.com").Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
