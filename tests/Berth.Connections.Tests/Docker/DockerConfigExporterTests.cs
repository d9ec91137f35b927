using System.Text;
using System.Text.Json;
using Berth.Auth;
using Berth.Connections.Docker;
using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers;
using Berth.DockerConfig;

namespace Berth.Connections.Tests.Docker;

public sealed class DockerConfigExporterTests
{
    private static readonly DateTimeOffset Expiry = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static (Connection, ProviderCredential) Item(string name, string type, string url, RegistryCredential credential, DateTimeOffset? expires = null) =>
        (TestConnections.Make(type, url) with { Name = name }, new ProviderCredential(credential, expires));

    private static JsonElement Auths(DockerConfigExport export) =>
        JsonDocument.Parse(DockerConfigWriter.SerializeToString(export.File)).RootElement.GetProperty("auths");

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    [Fact]
    public void Password_credentials_become_base64_auth_keyed_by_host_and_hub_by_its_legacy_key()
    {
        var export = DockerConfigExporter.Build(
        [
            Item("lab", "generic", "https://127.0.0.1:5000", RegistryCredential.Basic("alice", "s3cret:with-colon")),
            Item("hub", "dockerhub", "docker.io", RegistryCredential.Basic("bob", "dckr_pat_x")),
            Item("ecr", "ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com", RegistryCredential.Basic("AWS", "ecr-pass"), Expiry),
        ]);

        var auths = Auths(export);
        Assert.Equal(["123456789012.dkr.ecr.us-east-1.amazonaws.com", "127.0.0.1:5000", "https://index.docker.io/v1/"],
            auths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(Basic("alice", "s3cret:with-colon"), auths.GetProperty("127.0.0.1:5000").GetProperty("auth").GetString());
        Assert.Equal(Basic("bob", "dckr_pat_x"), auths.GetProperty("https://index.docker.io/v1/").GetProperty("auth").GetString());
        Assert.Equal(Basic("AWS", "ecr-pass"), auths.GetProperty("123456789012.dkr.ecr.us-east-1.amazonaws.com").GetProperty("auth").GetString());
        Assert.Equal(Expiry, export.Connections.Single(c => c.Name == "ecr").ExpiresAt);
        Assert.Null(export.Connections.Single(c => c.Name == "lab").ExpiresAt);
    }

    [Fact]
    public void An_identity_token_is_written_as_identitytoken_with_its_username()
    {
        var export = DockerConfigExporter.Build(
            [Item("acr", "acr", "myreg.azurecr.io", RegistryCredential.Identity("00000000-0000-0000-0000-000000000000", "refresh-token-xyz"), Expiry)]);

        var entry = Auths(export).GetProperty("myreg.azurecr.io");
        Assert.Equal("refresh-token-xyz", entry.GetProperty("identitytoken").GetString());
        Assert.Equal(Basic("00000000-0000-0000-0000-000000000000", ""), entry.GetProperty("auth").GetString());
        var reread = DockerConfigReader.Parse(DockerConfigWriter.Serialize(export.File)).FindAuth("myreg.azurecr.io")!;
        Assert.Equal("refresh-token-xyz", reread.IdentityToken);
    }

    [Fact]
    public void A_namespace_is_keyed_host_slash_namespace_and_also_bare_host_when_alone_on_its_host()
    {
        var export = DockerConfigExporter.Build(
        [
            Item("team", "generic", "127.0.0.1:5000/team", RegistryCredential.Basic("t", "1")),
            Item("gcr", "gcr", "gcr.io/my-project", RegistryCredential.Basic("_json_key", "{}")),
            Item("other", "generic", "127.0.0.1:5000/other", RegistryCredential.Basic("o", "2")),
            Item("hubns", "dockerhub", "docker.io/acme", RegistryCredential.Basic("h", "3")),
        ]);

        var keys = Auths(export).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        // 127.0.0.1:5000 is shared by two namespaces, so neither claims the bare host.
        Assert.Equal(["127.0.0.1:5000/other", "127.0.0.1:5000/team", "docker.io/acme", "gcr.io", "gcr.io/my-project", "https://index.docker.io/v1/"], keys);
        Assert.Equal(["gcr.io/my-project", "gcr.io"], export.Connections.Single(c => c.Name == "gcr").Keys);
        Assert.Equal(["127.0.0.1:5000/team"], export.Connections.Single(c => c.Name == "team").Keys);
    }

    [Fact]
    public void Same_key_twice_keeps_the_first_and_notes_the_second_and_anonymous_writes_nothing()
    {
        var export = DockerConfigExporter.Build(
        [
            Item("a", "generic", "r.example.com", RegistryCredential.Basic("a", "1")),
            Item("b", "generic", "https://r.example.com/v2/", RegistryCredential.Basic("b", "2")),
            Item("anon", "generic", "open.example.com", RegistryCredential.Anonymous),
        ]);

        Assert.Equal(Basic("a", "1"), Auths(export).GetProperty("r.example.com").GetProperty("auth").GetString());
        var b = export.Connections.Single(c => c.Name == "b");
        Assert.Empty(b.Keys);
        Assert.Contains("'a' already wrote r.example.com", b.Note, StringComparison.Ordinal);
        var anon = export.Connections.Single(c => c.Name == "anon");
        Assert.Empty(anon.Keys);
        Assert.Contains("anonymous", anon.Note, StringComparison.Ordinal);
        Assert.False(Auths(export).TryGetProperty("open.example.com", out _));
    }

    [Fact]
    public void A_bearer_token_is_written_as_registrytoken()
    {
        var entry = DockerConfigExporter.ToAuthEntry(RegistryCredential.Bearer("bearer-1"));
        Assert.Equal("bearer-1", entry!.RegistryToken);
        Assert.Null(entry.Username);
        Assert.Null(DockerConfigExporter.ToAuthEntry(RegistryCredential.Anonymous));
    }
}
