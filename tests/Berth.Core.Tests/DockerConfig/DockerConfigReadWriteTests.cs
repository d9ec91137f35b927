using System.Text;
using Berth.DockerConfig;

namespace Berth.Core.Tests.DockerConfig;

public sealed class DockerConfigReadWriteTests
{
    // base64("alice:s3cr:et") — a password may itself hold a colon.
    private const string AliceAuth = "YWxpY2U6czNjcjpldA==";

    private const string FullConfig = """
        {
          "auths": {
            "https://index.docker.io/v1/": { "auth": "YWxpY2U6czNjcjpldA==", "email": "alice@example.com" },
            "ghcr.io": { "identitytoken": "id-token-1" },
            "quay.io": { "registrytoken": "reg-token" },
            "empty.example.com": {}
          },
          "credsStore": "desktop",
          "credHelpers": { "123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login" },
          "psFormat": "table {{.ID}}",
          "proxies": { "default": { "httpProxy": "http://proxy:3128" } }
        }
        """;

    [Fact]
    public void Reads_config_json_and_decodes_auth()
    {
        var file = DockerConfigReader.Parse(FullConfig);

        Assert.Equal(DockerConfigFormat.ConfigJson, file.Format);
        var hub = file.Auths["https://index.docker.io/v1/"];
        Assert.Equal("alice", hub.Username);
        Assert.Equal("s3cr:et", hub.Password);
        Assert.Equal("alice@example.com", hub.Email);
        Assert.Equal("id-token-1", file.Auths["ghcr.io"].IdentityToken);
        Assert.Null(file.Auths["ghcr.io"].Username);
        Assert.Equal("reg-token", file.Auths["quay.io"].RegistryToken);
        Assert.False(file.Auths["empty.example.com"].HasCredentials);
        Assert.Equal("desktop", file.CredsStore);
        Assert.Equal("ecr-login", file.CredHelpers["123456789012.dkr.ecr.us-east-1.amazonaws.com"]);
        Assert.Equal(["psFormat", "proxies"], file.OtherSettings.Select(s => s.Key));
    }

    [Fact]
    public void Round_trip_keeps_every_setting()
    {
        var first = DockerConfigReader.Parse(FullConfig);
        var again = DockerConfigReader.Parse(DockerConfigWriter.Serialize(first));

        Assert.Equal(first.Auths.ToList(), again.Auths.ToList());
        Assert.Equal(first.CredsStore, again.CredsStore);
        Assert.Equal(first.CredHelpers.ToList(), again.CredHelpers.ToList());
        Assert.Equal("\"table {{.ID}}\"", again.OtherSettings.Single(s => s.Key == "psFormat").Value);
        var proxies = again.OtherSettings.Single(s => s.Key == "proxies").Value;
        Assert.Contains("\"httpProxy\": \"http://proxy:3128\"", proxies, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_the_shape_docker_login_writes()
    {
        var file = DockerConfigFile.Empty
            .WithAuth("docker.io", DockerAuthEntry.FromPassword("alice", "s3cr:et"))
            .WithAuth("https://ghcr.io/v2/", DockerAuthEntry.FromIdentityToken("tok"));

        var expected = "{\n\t\"auths\": {\n" +
            "\t\t\"ghcr.io\": {\n\t\t\t\"identitytoken\": \"tok\"\n\t\t},\n" +
            "\t\t\"https://index.docker.io/v1/\": {\n\t\t\t\"auth\": \"" + AliceAuth + "\"\n\t\t}\n" +
            "\t}\n}\n";
        Assert.Equal(expected, DockerConfigWriter.SerializeToString(file));
    }

    [Fact]
    public void Reads_and_writes_legacy_dockercfg()
    {
        var legacy = "{\"quay.io\": {\"auth\": \"" + AliceAuth + "\", \"email\": \"a@b.c\"}}";
        var file = DockerConfigReader.Parse(legacy);

        Assert.Equal(DockerConfigFormat.LegacyDockercfg, file.Format);
        Assert.Equal("alice", file.Auths["quay.io"].Username);
        Assert.Equal("a@b.c", file.Auths["quay.io"].Email);

        var written = DockerConfigWriter.SerializeToString(file);
        Assert.Equal("{\n\t\"quay.io\": {\n\t\t\"auth\": \"" + AliceAuth + "\",\n\t\t\"email\": \"a@b.c\"\n\t}\n}\n", written);
        Assert.Contains("\"auths\"", DockerConfigWriter.SerializeToString(file, DockerConfigFormat.ConfigJson), StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_dockercfg_with_an_empty_entry_keeps_its_credentials_when_rewritten()
    {
        // Found by fuzzing: the empty entry was written as {}, and a {} entry makes the file read as config.json.
        var file = DockerConfigReader.Parse("{\"quay.io\": {\"auth\": \"" + AliceAuth + "\"}, \"old.example\": {\"serveraddress\": \"x\"}}");
        Assert.Equal(DockerConfigFormat.LegacyDockercfg, file.Format);

        var again = DockerConfigReader.Parse(DockerConfigWriter.Serialize(file));

        Assert.Equal(DockerConfigFormat.LegacyDockercfg, again.Format);
        Assert.Equal("alice", again.Auths["quay.io"].Username);
        Assert.Equal(["quay.io"], again.Auths.Keys);
    }

    [Theory]
    [InlineData("{\"proxies\": {\"default\": {\"httpProxy\": \"x\"}}}")]
    [InlineData("{\"HttpHeaders\": {\"User-Agent\": \"x\"}}")]
    [InlineData("{}")]
    public void Config_json_without_auths_is_not_mistaken_for_legacy(string json) =>
        Assert.Equal(DockerConfigFormat.ConfigJson, DockerConfigReader.Parse(json).Format);

    [Fact]
    public void Settings_nested_deeper_than_64_levels_write_back_as_read()
    {
        // Found by fuzzing: the writer's check of a kept setting stopped at 64 levels and threw JsonReaderException.
        var deep = new string('[', 100) + "1" + new string(']', 100);
        var file = DockerConfigReader.Parse("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + AliceAuth + "\"}}, \"plugins\": " + deep + "}");

        var again = DockerConfigReader.Parse(DockerConfigWriter.Serialize(file));

        Assert.Equal(deep, again.OtherSettings.Single(s => s.Key == "plugins").Value);
        Assert.Equal("alice", again.Auths["ghcr.io"].Username);
    }

    // Found by fuzzing: these pairs went into "auth", which then read back as other credentials or failed to read at all.
    [Theory]
    [InlineData(null, "only-a-password")]
    [InlineData("user:name", "pw")]
    [InlineData("alice", "\0pw\0")]
    public void Credentials_auth_cannot_carry_are_written_as_separate_fields(string? username, string password)
    {
        var file = DockerConfigReader.Parse(
            "{\"auths\": {\"ghcr.io\": {\"username\": " + (username is null ? "null" : "\"" + username + "\"")
            + ", \"password\": \"" + password.Replace("\0", "\\u0000", StringComparison.Ordinal) + "\"}}}");

        var written = DockerConfigWriter.SerializeToString(file);
        var again = DockerConfigReader.Parse(written);

        Assert.DoesNotContain("\"auth\"", written, StringComparison.Ordinal);
        Assert.Equal(username, again.Auths["ghcr.io"].Username);
        Assert.Equal(password, again.Auths["ghcr.io"].Password);
    }

    [Fact]
    public void Field_names_match_case_insensitively_like_go()
    {
        var file = DockerConfigReader.Parse("{\"Auths\": {\"ghcr.io\": {\"Auth\": \"" + AliceAuth + "\"}}, \"CredsStore\": \"pass\"}");
        Assert.Equal("alice", file.Auths["ghcr.io"].Username);
        Assert.Equal("pass", file.CredsStore);
    }

    [Fact]
    public void Null_values_mean_unset_and_utf8_bom_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"auths\": null, \"credsStore\": null}")).ToArray();
        var file = DockerConfigReader.Parse(bytes);
        Assert.Empty(file.Auths);
        Assert.Null(file.CredsStore);
        Assert.Empty(DockerConfigReader.Parse("null").Auths);
    }

    [Fact]
    public void Bad_auth_values_name_the_server_but_not_the_secret()
    {
        var notBase64 = Assert.Throws<DockerConfigException>(() =>
            DockerConfigReader.Parse("{\"auths\": {\"ghcr.io\": {\"auth\": \"not*base64!\"}}}"));
        Assert.Equal(
            "Failed to parse dockercfg: the \"auth\" value for \"ghcr.io\" is not valid base64; it must be base64 of \"username:password\"",
            notBase64.Message);

        var noColon = Convert.ToBase64String(Encoding.UTF8.GetBytes("justasecret"));
        var ex = Assert.Throws<DockerConfigException>(() =>
            DockerConfigReader.Parse("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + noColon + "\"}}}"));
        Assert.Contains("does not decode to \"username:password\"", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(noColon, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("justasecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookups_work_by_host_whatever_the_key_spelling()
    {
        var file = DockerConfigReader.Parse(
            "{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" + AliceAuth + "\"}, \"https://ghcr.io/v2/\": {\"identitytoken\": \"t\"}}," +
            " \"credsStore\": \"desktop\", \"credHelpers\": {\"gcr.io\": \"gcloud\"}}");

        Assert.Equal("alice", file.FindAuth("docker.io")?.Username);
        Assert.Equal("alice", file.FindAuth("registry-1.docker.io")?.Username);
        Assert.Equal("t", file.FindAuth("ghcr.io")?.IdentityToken);
        Assert.Null(file.FindAuth("quay.io"));
        Assert.Equal("gcloud", file.FindCredentialHelper("https://gcr.io"));
        Assert.Equal("desktop", file.FindCredentialHelper("quay.io"));
    }

    [Fact]
    public void WithAuth_replaces_an_entry_under_another_spelling()
    {
        var file = DockerConfigReader.Parse("{\"auths\": {\"index.docker.io\": {\"auth\": \"" + AliceAuth + "\"}}}")
            .WithAuth("docker.io", DockerAuthEntry.FromPassword("bob", "pw"));

        Assert.Equal(["https://index.docker.io/v1/"], file.Auths.Keys);
        Assert.Equal("bob", file.Auths["https://index.docker.io/v1/"].Username);
        Assert.Empty(file.WithoutAuth("registry-1.docker.io").Auths);
    }

    [Fact]
    public void ToString_hides_secrets()
    {
        var entry = new DockerAuthEntry { Username = "alice", Password = "pw-SECRET", IdentityToken = "id-SECRET", RegistryToken = "rt-SECRET" };
        Assert.DoesNotContain("SECRET", entry.ToString(), StringComparison.Ordinal);
        Assert.Contains("alice", entry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", new HelperCredential("ghcr.io", "u", "s-SECRET").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Written_files_are_mode_0600_and_replaced_atomically()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only.
        }

        var dir = Directory.CreateTempSubdirectory("berth-cfg-");
        try
        {
            var path = Path.Combine(dir.FullName, "config.json");
            await File.WriteAllTextAsync(path, "old");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var file = DockerConfigFile.Empty.WithAuth("ghcr.io", DockerAuthEntry.FromPassword("u", "p"));
            await DockerConfigWriter.WriteFileAsync(path, file, CancellationToken.None);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal("u", (await DockerConfigReader.ReadFileAsync(path, CancellationToken.None)).Auths["ghcr.io"].Username);
            Assert.Equal(["config.json"], dir.GetFiles().Select(f => f.Name));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Private_file_without_overwrite_keeps_the_existing_file()
    {
        var dir = Directory.CreateTempSubdirectory("berth-cfg-");
        try
        {
            var path = Path.Combine(dir.FullName, "key");
            await File.WriteAllTextAsync(path, "original");
            await Assert.ThrowsAsync<IOException>(() => PrivateFile.WriteAtomicAsync(path, "new"u8.ToArray(), overwrite: false, CancellationToken.None));
            Assert.Equal("original", await File.ReadAllTextAsync(path));
            Assert.Single(dir.GetFiles());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
