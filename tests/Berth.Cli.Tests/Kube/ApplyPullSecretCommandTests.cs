using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Testing;
using Berth.Testing.Kubernetes;
using Xunit.Abstractions;

namespace Berth.Cli.Tests.Kube;

/// <summary>
/// <c>berth kube apply-pull-secret</c> with a kubeconfig pointing at the fake Kubernetes API server (HTTPS with its own
/// CA in <c>certificate-authority-data</c>, a bearer token): the Secret it writes is the one kubectl would write.
/// </summary>
public sealed class ApplyPullSecretCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "cli-pass:w<rd>&\"x";
    private static readonly string ClusterToken = "eyJhbGciOiJSUzI1NiJ9.cli-" + Guid.NewGuid().ToString("N") + ".sig";
    private readonly TempDirectory _home = new("berth-kube-cli");
    private TestCertificateAuthority _ca = null!;
    private IssuedCertificate _certificate = null!;
    private FakeKubernetesApi _kube = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _ca = TestCertificateAuthority.Create(_home.Combine("ca"));
        _certificate = _ca.IssueServerCertificate(_home.CreateSubdirectory("server"));
        _kube = await FakeKubernetesApi.StartAsync(_certificate.Certificate, ClusterToken);
        _kube.AddNamespace("team-a");
        _kube.AddNamespace("team-b", existingPullSecrets: ["vendor"]);
        _kubeconfig = _home.Combine("kubeconfig");
        // The kubeconfig format as kubectl writes it ('kubectl config view --raw').
        await File.WriteAllTextAsync(_kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(_ca.CaCertificatePem))}
                server: {_kube.Server.ToString().TrimEnd('/')}
              name: fake
            contexts:
            - context:
                cluster: fake
                user: writer
              name: fake
            current-context: fake
            users:
            - name: writer
              user:
                token: {ClusterToken}
            """);
    }

    public async Task DisposeAsync()
    {
        await _kube.DisposeAsync();
        _certificate.Dispose();
        _ca.Dispose();
        _home.Dispose();
    }

    private Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args) =>
        CliRunner.RunWithInputAsync(stdin, ["--data-dir", _home.Combine("data"), .. args]);

    private async Task ConnectAsync(string name, string url, string password)
    {
        var result = await Run(password, "connect", "generic", "--name", name, "--url", url, "--username", "robot", "--password-stdin", "--no-verify");
        Assert.True(result.Code == 0, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Writes_the_secret_kubectl_would_write_into_every_namespace_and_prints_what_it_wrote()
    {
        await ConnectAsync("lab", "registry.example.com:5000", Password);
        await ConnectAsync("other", "other.example.com", "other-password-1");

        var result = await Run(null, "kube", "apply-pull-secret", "--kubeconfig", _kubeconfig, "--namespace", "team-a,team-b", "--name", "regcred",
            "--patch-default-service-account", "lab");

        Assert.True(result.Code == 0, result.Stdout + result.Stderr);
        Assert.Contains($"Secret regcred (kubernetes.io/dockerconfigjson) on {_kube.Server.GetLeftPart(UriPartial.Authority)}: registry.example.com:5000", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  team-a: created; added to ServiceAccount default imagePullSecrets", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  team-b: created; added to ServiceAccount default imagePullSecrets", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(["vendor", "regcred"], _kube.PullSecretsOf("team-b"));
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            var written = _kube.Secret(ns, "regcred")!;
            var kubectl = await Kubectl.DockerRegistrySecretAsync("regcred", ns, "registry.example.com:5000", "robot", Password);
            Assert.Equal(kubectl["type"]!.GetValue<string>(), written["type"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(Kubectl.DockerConfigJson(kubectl), Kubectl.DockerConfigJson(written)));
            // For people reading the run: what berth printed, what the API server stored, what kubectl would send.
            output.WriteLine($"== {ns}: Secret as the fake API server stored it\n{written}\n.dockerconfigjson: {Kubectl.DockerConfigJson(written).ToJsonString()}");
            output.WriteLine($"== {ns}: kubectl create secret docker-registry --dry-run=client -o json\n{kubectl}\n.dockerconfigjson: {Kubectl.DockerConfigJson(kubectl).ToJsonString()}");
        }

        output.WriteLine("== berth kube apply-pull-secret output\n" + result.Stdout);
        output.WriteLine("== ServiceAccount team-b imagePullSecrets: " + string.Join(", ", _kube.PullSecretsOf("team-b")!));

        Assert.DoesNotContain(Password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(ClusterToken, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_connection_by_default_with_json_output_and_a_failed_namespace_fails_the_run()
    {
        await ConnectAsync("lab", "registry.example.com:5000", Password);
        await ConnectAsync("other", "other.example.com", "other-password-1");
        _kube.Forbid("update", "secrets", "team-b");
        _kube.PutSecretDirectly("team-b", "regcred", "kubernetes.io/dockerconfigjson", new Dictionary<string, string> { [".dockerconfigjson"] = "{\"auths\":{}}" });

        var result = await Run(null, "--output", "json", "kube", "apply-pull-secret", "--kubeconfig", _kubeconfig, "-n", "team-a", "-n", "team-b", "--name", "regcred");

        Assert.Equal(1, result.Code);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("regcred", json.GetProperty("secretName").GetString());
        var namespaces = json.GetProperty("namespaces").EnumerateArray().ToDictionary(n => n.GetProperty("namespace").GetString()!);
        Assert.Equal("created", namespaces["team-a"].GetProperty("action").GetString());
        Assert.Contains("HTTP 403 Forbidden", namespaces["team-b"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["lab", "other"], json.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
        var auths = Kubectl.DockerConfigJson(_kube.Secret("team-a", "regcred")!)["auths"]!.AsObject();
        Assert.Equal(["other.example.com", "registry.example.com:5000"], auths.Select(a => a.Key).Order());
        Assert.DoesNotContain(Password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(ClusterToken, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_kubeconfig_or_a_bad_namespace_is_a_usage_error()
    {
        await ConnectAsync("lab", "registry.example.com:5000", Password);

        var missing = await Run(null, "kube", "apply-pull-secret", "--kubeconfig", _home.Combine("nope"), "-n", "team-a", "--name", "regcred");
        Assert.Equal(2, missing.Code);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);

        var bad = await Run(null, "kube", "apply-pull-secret", "--kubeconfig", _kubeconfig, "-n", "Team_A", "--name", "regcred");
        Assert.Equal(2, bad.Code);
        Assert.Contains("'Team_A' is not a namespace name", bad.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_kube.Requests, r => r.Method != "GET");
    }
}
