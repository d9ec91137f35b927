using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Testing;
using Berth.Testing.Kubernetes;
using Xunit.Abstractions;

namespace Berth.Cli.Tests.Kube;

/// <summary>
/// <c>berth kube target add|list|show|update|remove|apply</c> against the fake Kubernetes API server (HTTPS with its
/// own CA, a service-account bearer token) and a real htpasswd registry whose connection the Secret carries: the
/// Secret written is the one kubectl would write, and its credentials open the registry.
/// </summary>
public sealed class KubeTargetCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "robot-pass:w<rd>&\"k8s";
    private static readonly string ClusterToken = "eyJhbGciOiJSUzI1NiJ9.target-" + Guid.NewGuid().ToString("N") + ".sig";
    private readonly TempDirectory _home = new("berth-kube-target");
    private TestCertificateAuthority _ca = null!;
    private IssuedCertificate _certificate = null!;
    private FakeKubernetesApi _kube = null!;
    private RegistryServer _registry = null!;
    private string _caFile = null!;

    public async Task InitializeAsync()
    {
        _ca = TestCertificateAuthority.Create(_home.Combine("ca"));
        _certificate = _ca.IssueServerCertificate(_home.CreateSubdirectory("server"));
        _kube = await FakeKubernetesApi.StartAsync(_certificate.Certificate, ClusterToken);
        _registry = await RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = new Dictionary<string, string> { ["robot"] = Password } });
        _caFile = _home.Combine("cluster-ca.pem");
        await File.WriteAllTextAsync(_caFile, _ca.CaCertificatePem);
        // Verified against the real registry: the credentials the Secret carries are ones it accepts.
        var connected = await Run(Password, "connect", "generic", "--name", "lab", "--url", _registry.Host, "--username", "robot", "--password-stdin");
        Assert.True(connected.Code == 0, connected.Stdout + connected.Stderr);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _kube.DisposeAsync();
        _certificate.Dispose();
        _ca.Dispose();
        _home.Dispose();
    }

    private Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args) =>
        CliRunner.RunWithInputAsync(stdin, ["--data-dir", _home.Combine("data"), .. args]);

    private async Task<(int Code, string Stdout, string Stderr)> RunClean(string? stdin, params string[] args)
    {
        var result = await Run(stdin, args);
        Assert.DoesNotContain(ClusterToken, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        return result;
    }

    [Fact]
    public async Task Add_apply_show_list_and_remove_a_target_whose_secret_is_the_one_kubectl_writes()
    {
        _kube.AddNamespace("team-a");
        _kube.AddNamespace("team-b", existingPullSecrets: ["vendor"]);

        var added = await RunClean(ClusterToken + "\n", "kube", "target", "add", "prod", "--server", _kube.Server.ToString(), "--ca-file", _caFile, "--token-stdin",
            "--namespace", "team-a,team-b", "--secret-name", "regcred", "--patch-default-service-account", "lab");
        Assert.True(added.Code == 0, added.Stdout + added.Stderr);
        Assert.Contains("added pull-secret target 'prod': Secret regcred in team-a, team-b", added.Stdout, StringComparison.Ordinal);
        Assert.Empty(_kube.Requests);

        var listed = await RunClean(null, "--output", "json", "kube", "target", "list");
        var target = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray());
        Assert.Equal("prod", target.GetProperty("name").GetString());
        Assert.Equal(_kube.Server.ToString(), target.GetProperty("server").GetString());
        Assert.Equal("set", target.GetProperty("token").GetString());
        Assert.Equal(["team-a", "team-b"], target.GetProperty("namespaces").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["lab"], target.GetProperty("connections").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("regcred", target.GetProperty("secretName").GetString());
        Assert.True(target.GetProperty("patchDefaultServiceAccount").GetBoolean());
        Assert.Empty(target.GetProperty("status").EnumerateArray());

        var applied = await RunClean(null, "kube", "target", "apply", "prod");
        Assert.True(applied.Code == 0, applied.Stdout + applied.Stderr);
        Assert.Contains($"Secret regcred (kubernetes.io/dockerconfigjson) on {_kube.Server.GetLeftPart(UriPartial.Authority)}: {_registry.Host}", applied.Stdout, StringComparison.Ordinal);
        Assert.Contains("  team-a: created; added to ServiceAccount default imagePullSecrets", applied.Stdout, StringComparison.Ordinal);
        Assert.Contains("  team-b: created; added to ServiceAccount default imagePullSecrets", applied.Stdout, StringComparison.Ordinal);
        Assert.Equal(["vendor", "regcred"], _kube.PullSecretsOf("team-b"));
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            var written = _kube.Secret(ns, "regcred")!;
            var kubectl = await Kubectl.DockerRegistrySecretAsync("regcred", ns, _registry.Host, "robot", Password);
            Assert.Equal(kubectl["type"]!.GetValue<string>(), written["type"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(Kubectl.DockerConfigJson(kubectl), Kubectl.DockerConfigJson(written)));
            output.WriteLine($"== {ns}: Secret as the fake API server stored it\n{written}\n.dockerconfigjson: {Kubectl.DockerConfigJson(written).ToJsonString()}");
        }

        // What the kubelet would send with it: the registry accepts the written auth.
        var auth = Kubectl.DockerConfigJson(_kube.Secret("team-a", "regcred")!)["auths"]![_registry.Host]!["auth"]!.GetValue<string>();
        using (var http = new HttpClient())
        using (var ping = new HttpRequestMessage(HttpMethod.Get, _registry.BaseUri + "v2/"))
        {
            ping.Headers.Authorization = new AuthenticationHeaderValue("Basic", auth);
            using var answer = await http.SendAsync(ping);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var shown = await RunClean(null, "kube", "target", "show", "prod", "--output", "json");
        var view = JsonDocument.Parse(shown.Stdout).RootElement;
        Assert.Equal(JsonValueKind.String, view.GetProperty("nextRefresh").ValueKind);
        var status = view.GetProperty("status").EnumerateArray().ToDictionary(s => s.GetProperty("namespace").GetString()!);
        Assert.Equal(["team-a", "team-b"], status.Keys.Order());
        Assert.All(status.Values, s =>
        {
            Assert.Equal("created", s.GetProperty("lastAction").GetString());
            Assert.Equal(JsonValueKind.String, s.GetProperty("lastWrite").ValueKind);
            Assert.False(s.TryGetProperty("lastError", out _));
        });

        var text = await RunClean(null, "kube", "target", "show", "prod");
        Assert.Contains("token", text.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^status\s+ok$", text.Stdout);
        Assert.Matches(@"(?m)^team-b\s+\S+ \S+\s+\S+ \S+\s+created\s+-$", text.Stdout);
        var table = await RunClean(null, "kube", "target", "list");
        Assert.Matches(@"(?m)^NAME\s+SERVER\s+SECRET\s+NAMESPACES\s+CONNECTIONS\s+LAST WRITE\s+NEXT REFRESH\s+STATUS$", table.Stdout);
        Assert.Matches(@"(?m)^prod\s+https://127\.0\.0\.1:\d+/\s+regcred\s+team-a,team-b\s+lab\s+.*\s+ok$", table.Stdout);
        output.WriteLine("== berth kube target apply prod\n" + applied.Stdout + "\n== berth kube target show prod\n" + text.Stdout + "\n== berth kube target list\n" + table.Stdout);

        // The cluster token and the registry password are stored encrypted only.
        foreach (var file in Directory.EnumerateFiles(_home.Combine("data")))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(ClusterToken)) < 0, $"the cluster token is in clear text in {file}");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Password)) < 0, $"the registry password is in clear text in {file}");
        }

        // Removing the connection names the target that carries it.
        var refused = await RunClean(null, "registries", "remove", "lab", "--yes");
        Assert.Equal(1, refused.Code);
        Assert.Contains("connection 'lab' is still used by pull-secret target prod (Secret regcred on 127.0.0.1): last written", refused.Stderr, StringComparison.Ordinal);
        var connection = await RunClean(null, "registries", "show", "lab", "--output", "json");
        Assert.Contains(JsonDocument.Parse(connection.Stdout).RootElement.GetProperty("dependedOnBy").EnumerateArray(),
            d => d.GetString()!.StartsWith("pull-secret target prod (Secret regcred on 127.0.0.1)", StringComparison.Ordinal));

        var removed = await RunClean(null, "kube", "target", "remove", "prod");
        Assert.True(removed.Code == 0, removed.Stderr);
        Assert.Contains("removed pull-secret target 'prod'; the Secrets it wrote stay on", removed.Stdout, StringComparison.Ordinal);
        Assert.NotNull(_kube.Secret("team-a", "regcred"));
        Assert.Equal("[]", (await RunClean(null, "--output", "json", "kube", "target", "list")).Stdout.Trim());
        var again = await RunClean(null, "kube", "target", "remove", "prod");
        Assert.Equal(1, again.Code);
        Assert.Contains("no pull-secret target named 'prod': none are saved yet (create one with 'berth kube target add'", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await RunClean(null, "registries", "remove", "lab", "--yes")).Code);
    }

    [Fact]
    public async Task From_a_kubeconfig_with_a_selector_a_failing_namespace_is_reported_recorded_and_exits_non_zero()
    {
        var selected = new Dictionary<string, string> { ["berth-pull"] = "true" };
        _kube.AddNamespace("team-a", selected);
        _kube.AddNamespace("locked", selected);
        _kube.AddNamespace("elsewhere");
        _kube.Forbid("create", "secrets", "locked");
        var kubeconfig = _home.Combine("kubeconfig");
        // The kubeconfig format as kubectl writes it ('kubectl config view --raw').
        await File.WriteAllTextAsync(kubeconfig, $"""
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
              name: writer@fake
            - context:
                cluster: fake
                user: nobody
              name: nobody@fake
            current-context: nobody@fake
            users:
            - name: writer
              user:
                token: {ClusterToken}
            - name: nobody
              user:
                username: nobody
            """);

        var tokenless = await RunClean(null, "kube", "target", "add", "sel", "--from-kubeconfig", kubeconfig, "--selector", "berth-pull=true", "--secret-name", "regcred", "lab");
        Assert.Equal(2, tokenless.Code);
        Assert.Contains("context 'nobody@fake' has no bearer token", tokenless.Stderr, StringComparison.Ordinal);

        var added = await RunClean(null, "kube", "target", "add", "sel", "--from-kubeconfig", kubeconfig, "--context", "writer@fake",
            "--selector", "berth-pull=true", "--secret-name", "regcred", "lab");
        Assert.True(added.Code == 0, added.Stdout + added.Stderr);
        Assert.Contains("Secret regcred in namespaces matching 'berth-pull=true'", added.Stdout, StringComparison.Ordinal);

        var applied = await RunClean(null, "--output", "json", "kube", "target", "apply", "sel");
        Assert.Equal(1, applied.Code);
        var namespaces = JsonDocument.Parse(applied.Stdout).RootElement.GetProperty("namespaces").EnumerateArray().ToDictionary(n => n.GetProperty("namespace").GetString()!);
        Assert.Equal(["locked", "team-a"], namespaces.Keys.Order());
        Assert.Equal("created", namespaces["team-a"].GetProperty("action").GetString());
        Assert.Contains("HTTP 403 Forbidden", namespaces["locked"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("grant it get/create/update on secrets", namespaces["locked"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.NotNull(_kube.Secret("team-a", "regcred"));
        Assert.Null(_kube.Secret("elsewhere", "regcred"));
        Assert.Contains(_kube.Requests, r => r.Path == "/api/v1/namespaces" && r.Query == "?labelSelector=berth-pull%3Dtrue");

        var text = await RunClean(null, "kube", "target", "apply", "sel");
        Assert.Equal(1, text.Code);
        Assert.Contains("  team-a: replaced", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("  locked: failed: Kubernetes API server: ", text.Stdout, StringComparison.Ordinal);

        var shown = await RunClean(null, "kube", "target", "show", "sel");
        Assert.Matches(@"(?m)^namespace selector\s+berth-pull=true$", shown.Stdout);
        Assert.Matches(@"(?m)^status\s+failing: locked$", shown.Stdout);
        Assert.Matches(@"(?m)^locked\s+\S+ \S+\s+never\s+-\s+Kubernetes API server: .*HTTP 403 Forbidden", shown.Stdout);
        var listed = await RunClean(null, "kube", "target", "list");
        Assert.Matches(@"(?m)^sel\s.*selector berth-pull=true\s+lab\s.*failing: locked$", listed.Stdout);
        output.WriteLine("== berth kube target apply sel\n" + text.Stdout + "\n== berth kube target show sel\n" + shown.Stdout);
    }

    [Fact]
    public async Task Bad_input_duplicates_unknown_targets_and_an_unreachable_cluster_name_the_fault_and_the_fix()
    {
        _kube.AddNamespace("team-a");
        var missing = await RunClean(null, "kube", "target", "add", "empty");
        Assert.Equal(2, missing.Code);
        foreach (var flag in new[] { "--server (or --from-kubeconfig): ", "--token-stdin (or --from-kubeconfig): ", "--namespace: ", "--secret-name: ", "CONNECTION: " })
        {
            Assert.Contains("berth: " + flag, missing.Stderr, StringComparison.Ordinal);
        }

        var selector = await RunClean(ClusterToken, "kube", "target", "add", "bad", "--server", _kube.Server.ToString(), "--token-stdin", "--selector", "env in (prod", "--secret-name", "regcred", "lab");
        Assert.Equal(2, selector.Code);
        Assert.Contains("berth: --selector: 'env in (prod' is not a label selector: the value list after 'in' is missing its ')'", selector.Stderr, StringComparison.Ordinal);

        var unknownConnection = await RunClean(ClusterToken, "kube", "target", "add", "bad", "--server", _kube.Server.ToString(), "--token-stdin", "-n", "team-a", "--secret-name", "regcred", "nope");
        Assert.Equal(2, unknownConnection.Code);
        Assert.Contains("berth: CONNECTION: no connection named 'nope'", unknownConnection.Stderr, StringComparison.Ordinal);

        // A token is never an argument.
        var argv = await Run(null, "kube", "target", "add", "bad", "--token", "abc", "--server", _kube.Server.ToString(), "-n", "team-a", "--secret-name", "regcred", "lab");
        Assert.Equal(2, argv.Code);

        var down = PortAllocator.GetFreePort();
        var add = await RunClean(ClusterToken, "kube", "target", "add", "down", "--server", $"https://127.0.0.1:{down}", "--ca-file", _caFile, "--token-stdin", "-n", "team-a", "--secret-name", "regcred", "lab");
        Assert.True(add.Code == 0, add.Stdout + add.Stderr);
        var duplicate = await RunClean(ClusterToken, "kube", "target", "add", "DOWN", "--server", _kube.Server.ToString(), "--token-stdin", "-n", "team-a", "--secret-name", "regcred", "lab");
        Assert.Equal(1, duplicate.Code);
        Assert.Contains("a pull-secret target named 'DOWN' already exists; choose another name or change that one", duplicate.Stderr, StringComparison.Ordinal);

        var unreachable = await RunClean(null, "kube", "target", "apply", "down");
        Assert.Equal(1, unreachable.Code);
        Assert.Contains($"  team-a: failed: Kubernetes API server: https://127.0.0.1:{down}: read Secret 'team-a/regcred': no answer", unreachable.Stdout, StringComparison.Ordinal);
        Assert.Contains("(check the API server URL and CA bundle, and that the cluster is reachable from here)", unreachable.Stdout, StringComparison.Ordinal);

        // update: what is not given stays; the token stays set.
        var updated = await RunClean(null, "kube", "target", "update", "down", "--server", _kube.Server.ToString(), "--patch-default-service-account");
        Assert.True(updated.Code == 0, updated.Stdout + updated.Stderr);
        var view = JsonDocument.Parse((await RunClean(null, "kube", "target", "show", "down", "--output", "json")).Stdout).RootElement;
        Assert.Equal(_kube.Server.ToString(), view.GetProperty("server").GetString());
        Assert.Equal("set", view.GetProperty("token").GetString());
        Assert.Equal(["team-a"], view.GetProperty("namespaces").EnumerateArray().Select(n => n.GetString()));
        Assert.True(view.GetProperty("patchDefaultServiceAccount").GetBoolean());
        Assert.Equal(0, (await RunClean(null, "kube", "target", "apply", "down")).Code);
        Assert.NotNull(_kube.Secret("team-a", "regcred"));

        var unknown = await RunClean(null, "kube", "target", "show", "nope");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("no pull-secret target named 'nope'; saved targets: down", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_is_reported_and_update_token_stdin_replaces_it()
    {
        _kube.AddNamespace("team-a");
        const string Stale = "eyJhbGciOiJSUzI1NiJ9.stale-token.sig";
        var added = await RunClean(Stale, "kube", "target", "add", "prod", "--server", _kube.Server.ToString(), "--ca-file", _caFile, "--token-stdin", "-n", "team-a", "--secret-name", "regcred", "lab");
        Assert.True(added.Code == 0, added.Stdout + added.Stderr);

        var refused = await RunClean(null, "kube", "target", "apply", "prod");
        Assert.Equal(1, refused.Code);
        Assert.Contains("  team-a: failed: Kubernetes API server: ", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("HTTP 401 Unauthorized", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("the cluster refused the bearer token; give the target a valid service-account token", refused.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Stale, refused.Stdout + refused.Stderr, StringComparison.Ordinal);
        Assert.Null(_kube.Secret("team-a", "regcred"));

        var updated = await RunClean(ClusterToken + "\n", "kube", "target", "update", "prod", "--token-stdin");
        Assert.True(updated.Code == 0, updated.Stdout + updated.Stderr);
        Assert.Contains("updated pull-secret target 'prod' (token replaced)", updated.Stdout, StringComparison.Ordinal);
        var applied = await RunClean(null, "kube", "target", "apply", "prod");
        Assert.True(applied.Code == 0, applied.Stdout + applied.Stderr);
        Assert.Contains("  team-a: created", applied.Stdout, StringComparison.Ordinal);
        Assert.NotNull(_kube.Secret("team-a", "regcred"));
    }
}
