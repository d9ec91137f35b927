using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Connections.Tokens;
using Berth.Testing;
using Berth.Testing.Kubernetes;

namespace Berth.Server.Tests.PullSecrets;

/// <summary>The REST front end of pull-secret targets: admin only, scoped to the organization, audited, documented, token never shown.</summary>
public sealed class PullSecretApiTests
{
    [Fact]
    public async Task Targets_are_managed_and_applied_through_the_api_and_their_status_is_shown()
    {
        using var dir = new TempDirectory("berth-pullsecret-api");
        using var ca = TestCertificateAuthority.Create(dir.Combine("ca"));
        using var certificate = ca.IssueServerCertificate(dir.CreateSubdirectory("server"));
        var clusterToken = "eyJhbGciOiJSUzI1NiJ9.api-" + Guid.NewGuid().ToString("N") + ".sig";
        await using var kube = await FakeKubernetesApi.StartAsync(certificate.Certificate, clusterToken);
        kube.AddNamespace("team-a");
        kube.AddNamespace("locked");
        kube.Forbid("create", "secrets", "locked");
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        using var member = server.Client(await server.CreateTokenAsync("default", ApiTokenRole.Member));
        using var otherOrg = server.Client(await server.CreateTokenAsync("elsewhere", ApiTokenRole.Admin));
        using (var created = await admin.PostAsJsonAsync("api/v1/registries?verify=false",
            new { name = "lab", type = "generic", url = "registry.example.com", username = "robot", password = "lab-password-123" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var body = new
        {
            name = "prod",
            server = kube.Server.ToString(),
            caBundle = ca.CaCertificatePem,
            token = clusterToken,
            namespaces = new[] { "team-a", "locked" },
            secretName = "regcred",
            connections = new[] { "lab" },
            patchDefaultServiceAccount = true,
        };
        using (var refused = await member.PostAsJsonAsync("api/v1/pull-secret-targets", body))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var invalid = await admin.PostAsJsonAsync("api/v1/pull-secret-targets", new { name = "bad", server = "ftp://x", token = "", secretName = "Bad_Name" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var problem = await Json.ReadAsync(invalid);
            Assert.Equal(["connections", "namespaces", "secretName", "server", "token"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        }

        using var create = await admin.PostAsJsonAsync("api/v1/pull-secret-targets", body);
        var createdText = await create.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal("set", JsonDocument.Parse(createdText).RootElement.GetProperty("token").GetString());

        using var apply = await admin.PostAsync("api/v1/pull-secret-targets/prod/apply", null);
        var applyText = await apply.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        var namespaces = JsonDocument.Parse(applyText).RootElement.GetProperty("namespaces").EnumerateArray().ToDictionary(n => n.GetProperty("namespace").GetString()!);
        Assert.Equal("created", namespaces["team-a"].GetProperty("action").GetString());
        Assert.True(namespaces["team-a"].GetProperty("serviceAccountPatched").GetBoolean());
        Assert.Contains("403", namespaces["locked"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.NotNull(kube.Secret("team-a", "regcred"));

        using var show = await admin.GetAsync("api/v1/pull-secret-targets/prod");
        var shown = await Json.ReadAsync(show);
        Assert.Equal(["lab"], shown.GetProperty("connections").EnumerateArray().Select(c => c.GetString()));
        var status = shown.GetProperty("status").EnumerateArray().ToDictionary(s => s.GetProperty("namespace").GetString()!);
        Assert.Equal(JsonValueKind.String, status["team-a"].GetProperty("lastWrite").ValueKind);
        Assert.Contains("Forbidden", status["locked"].GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // Another organization does not see it; the registry's dependents list it.
        using (var hidden = await otherOrg.GetAsync("api/v1/pull-secret-targets/prod"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using var dependents = await admin.GetAsync("api/v1/registries/lab/dependents");
        Assert.Contains("pull-secret target prod", await dependents.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var audit = await admin.GetAsync("api/v1/audit");
        var auditText = await audit.Content.ReadAsStringAsync();
        Assert.Contains("pull-secret.create", auditText, StringComparison.Ordinal);
        Assert.Contains("pull-secret.apply", auditText, StringComparison.Ordinal);
        using var openapi = await admin.GetAsync("openapi/v1.json");
        Assert.Contains("/api/v1/pull-secret-targets/{name}/apply", await openapi.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var list = await admin.GetAsync("api/v1/pull-secret-targets");
        var listText = await list.Content.ReadAsStringAsync();
        foreach (var text in new[] { createdText, applyText, shown.GetRawText(), listText, auditText, await dependents.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain(clusterToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain("lab-password-123", text, StringComparison.Ordinal);
        }

        using var removed = await admin.DeleteAsync("api/v1/pull-secret-targets/prod");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var gone = await admin.GetAsync("api/v1/pull-secret-targets/prod");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
