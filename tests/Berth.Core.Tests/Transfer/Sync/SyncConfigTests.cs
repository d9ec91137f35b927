using Berth.Transfer.Sync;

namespace Berth.Core.Tests.Transfer.Sync;

public sealed class SyncConfigTests
{
    // The example from skopeo-sync(1), as a user would copy it.
    private const string SkopeoExample = """
        registry.example.com:
            images:
                busybox: []
                redis:
                    - "1.0"
                    - "2.0"
                    - "sha256:0000000000000000000000000000000011111111111111111111111111111111"
            images-by-tag-regex:
                nginx: ^1\.13\.[12]-alpine-perl$
            images-by-semver:
                alpine: ">= 3.12.0"
            credentials:
                username: john
                password: this is a secret
            tls-verify: true
            cert-dir: /home/john/certs
        quay.io:
            tls-verify: false
            images:
                coreos/etcd:
                    - latest
        """;

    [Fact]
    public void Skopeos_documented_example_reads_as_skopeo_describes_it()
    {
        var config = SyncConfig.Parse(SkopeoExample, "sync.yml");

        Assert.Equal(["registry.example.com", "quay.io"], config.Registries.Select(r => r.Registry));
        var example = config.Registries[0];
        Assert.Equal(["busybox", "redis", "nginx", "alpine"], example.Entries.Select(e => e.Repository));
        Assert.Null(example.Entries[0].References);
        Assert.Equal(["1.0", "2.0", "sha256:0000000000000000000000000000000011111111111111111111111111111111"], example.Entries[1].References);

        var nginx = example.Entries[2];
        Assert.Null(nginx.References);
        Assert.True(nginx.Filter.IsMatch("1.13.1-alpine-perl"));
        Assert.True(nginx.Filter.IsMatch("1.13.2-alpine-perl"));
        Assert.False(nginx.Filter.IsMatch("1.13.3-alpine-perl"));
        Assert.False(nginx.Filter.IsMatch("1.13.1-alpine"));

        var alpine = example.Entries[3];
        Assert.True(alpine.Filter.IsMatch("3.12.0"));
        Assert.True(alpine.Filter.IsMatch("4.0.0"));
        Assert.False(alpine.Filter.IsMatch("3.11.8"));

        Assert.Equal(new SyncConfigCredentials("john", "this is a secret"), example.Credentials);
        Assert.True(example.TlsVerify);
        Assert.Equal("/home/john/certs", example.CertDirectory);

        var quay = config.Registries[1];
        Assert.False(quay.TlsVerify);
        Assert.Null(quay.Credentials);
        Assert.Equal("coreos/etcd", Assert.Single(quay.Entries).Repository);
        Assert.Equal(["latest"], quay.Entries[0].References);
    }

    [Fact]
    public void Credentials_never_print_their_password()
    {
        var config = SyncConfig.Parse(SkopeoExample);
        Assert.DoesNotContain("this is a secret", config.Registries[0].Credentials!.ToString());
        Assert.DoesNotContain("this is a secret", config.Registries[0].ToString());
        Assert.DoesNotContain("this is a secret", config.ToString());
    }

    [Theory]
    [InlineData("reg.io:\n  images:\n    app: []\n  tls-verfy: false\n", 4, 3, "unknown key 'tls-verfy' under reg.io")]
    [InlineData("reg.io:\n  images:\n    app: latest\n", 3, 10, "the tags of reg.io/app must be a list")]
    [InlineData("reg.io:\n  tls-verify: maybe\n  images:\n    app: []\n", 2, 15, "tls-verify of reg.io must be true or false, not 'maybe'")]
    [InlineData("reg.io:\n  images-by-semver:\n    app: \">>1\"\n", 3, 10, "semver range '>>1'")]
    [InlineData("reg.io:\n  images-by-tag-regex:\n    app: \"(x\"\n", 3, 10, "tag regex '(x'")]
    [InlineData("reg.io:\n  tls-verify: true\n", 1, 1, "registry 'reg.io' lists no repositories")]
    [InlineData("reg.io:\n  images:\n    App: []\n", 3, 5, "'App' is not a repository path")]
    [InlineData("reg.io:\n  credentials:\n    username: u\n  images:\n    app: []\n", 3, 5, "need both username and password")]
    [InlineData("- reg.io\n", 1, 1, "the file must be a mapping of registry names")]
    [InlineData("reg.io:\n  images: [\n", 3, 1, "not valid YAML")]
    [InlineData("https://reg.io:\n  images:\n    app: []\n", 1, 1, "without a scheme")]
    public void Mistakes_are_reported_with_line_column_and_what_is_expected(string yaml, int line, int column, string message)
    {
        var ex = Assert.Throws<SyncConfigException>(() => SyncConfig.Parse(yaml, "sync.yml"));
        Assert.StartsWith($"sync.yml: line {line}, column {column}: ", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_bad_password_value_is_refused_without_echoing_it()
    {
        var ex = Assert.Throws<SyncConfigException>(() => SyncConfig.Parse("reg.io:\n  credentials:\n    username: u\n    password: [hunter2]\n  images:\n    app: []\n"));
        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.Contains("password of reg.io must be a plain string", ex.Message);
    }

    [Fact]
    public void Empty_file_says_what_to_write() =>
        Assert.Contains("one registry per top-level key", Assert.Throws<SyncConfigException>(() => SyncConfig.Parse("", "s.yml")).Message);
}
