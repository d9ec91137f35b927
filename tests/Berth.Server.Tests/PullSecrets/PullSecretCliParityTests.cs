using System.Net;
using System.Text.Json.Nodes;
using Berth.Testing;
using Berth.Testing.Kubernetes;

namespace Berth.Server.Tests.PullSecrets;

/// <summary>
/// A target added and applied with <c>berth kube target</c> (the real binary over the server's data directory) is the
/// one the API shows, with the same fields and values: one store, one use case, one view.
/// </summary>
public sealed class PullSecretCliParityTests
{
    [Fact]
    public async Task The_cli_and_the_api_show_the_same_target_and_status()
    {
        using var dir = new TempDirectory("berth-pullsecret-parity");
        using var ca = TestCertificateAuthority.Create(dir.Combine("ca"));
        using var certificate = ca.IssueServerCertificate(dir.CreateSubdirectory("server"));
        var clusterToken = "eyJhbGciOiJSUzI1NiJ9.parity-" + Guid.NewGuid().ToString("N") + ".sig";
        await using var kube = await FakeKubernetesApi.StartAsync(certificate.Certificate, clusterToken);
        kube.AddNamespace("team-a");
        kube.AddNamespace("locked");
        kube.Forbid("create", "secrets", "locked");
        var caFile = dir.Combine("ca.pem");
        await File.WriteAllTextAsync(caFile, ca.CaCertificatePem);
        await using var server = await ServerHarness.StartAsync();
        var data = server.DataDirectory;
        await Ok(BerthCli.RunAsync(data, "lab-password-123", "connect", "generic", "--name", "lab", "--url", "registry.example.com", "--username", "robot", "--password-stdin", "--no-verify"));
        await Ok(BerthCli.RunAsync(data, clusterToken, "kube", "target", "add", "prod", "--server", kube.Server.ToString(), "--ca-file", caFile, "--token-stdin",
            "-n", "team-a,locked", "--secret-name", "regcred", "lab"));
        var applied = await BerthCli.RunAsync(data, null, "kube", "target", "apply", "prod");
        Assert.Equal(1, applied.ExitCode);
        Assert.NotNull(kube.Secret("team-a", "regcred"));

        using var admin = server.Client(server.AdminToken);
        using var shown = await admin.GetAsync("api/v1/pull-secret-targets/prod");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var fromApi = await shown.Content.ReadAsStringAsync();
        var fromCli = (await Ok(BerthCli.RunAsync(data, null, "kube", "target", "show", "prod", "--output", "json"))).Stdout;
        AssertSame(fromApi, fromCli);
        var status = JsonNode.Parse(fromCli)!["status"]!.AsArray();
        Assert.Equal(2, status.Count);
        Assert.Contains(status, s => s!["namespace"]!.GetValue<string>() == "locked" && s["lastError"]!.GetValue<string>().Contains("403", StringComparison.Ordinal));

        var listApi = await admin.GetStringAsync("api/v1/pull-secret-targets");
        var listCli = (await Ok(BerthCli.RunAsync(data, null, "kube", "target", "list", "--output", "json"))).Stdout;
        AssertSame(listApi, listCli);
        Assert.DoesNotContain(clusterToken, fromApi + fromCli + listApi + listCli + applied.Stdout + applied.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The API writes absent values as null, the CLI leaves them out; otherwise every key and value agrees.</summary>
    private static void AssertSame(string api, string cli)
    {
        var a = WithoutNulls(JsonNode.Parse(api));
        var c = WithoutNulls(JsonNode.Parse(cli));
        Assert.True(JsonNode.DeepEquals(a, c), $"API:\n{api}\nCLI:\n{cli}");
    }

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    WithoutNulls(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNulls(item);
                }

                break;
        }

        return node;
    }

    private static async Task<ProcessResult> Ok(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, $"berth exited {result.ExitCode}: {result.Stderr}");
        return result;
    }
}
