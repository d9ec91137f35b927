using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Connections.UseCases;
using Berth.Testing.Kubernetes;
using Berth.Testing.Providers;

namespace Berth.Server.Tests.PullSecrets;

/// <summary>
/// Pull-secret targets against the fake Kubernetes API server (HTTPS, bearer token, documented REST shapes), with the
/// written Secret compared to what Debian's kubectl would write for the same inputs.
/// </summary>
public sealed class PullSecretTargetTests : IAsyncLifetime
{
    private PullSecretWorld _world = null!;

    public async Task InitializeAsync() => _world = await PullSecretWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_written_secret_is_the_one_kubectl_create_secret_docker_registry_writes()
    {
        // Characters JSON and base64 treat specially, and a colon in the password (auth splits on the first one).
        const string password = "p@ss:w<rd>&\"ä/+=";
        await _world.GenericAsync("team", "registry.example.com:5000", "robot$team", password);
        _world.Kube.AddNamespace("team-a");
        await _world.TargetAsync("prod", ["team"], ["team-a"]);

        var applied = await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None);

        var write = Assert.Single(applied.Namespaces);
        Assert.True(write.Ok, write.Error);
        Assert.Equal("created", write.Action);
        var written = _world.Kube.Secret("team-a", "regcred")!;
        var kubectl = await Kubectl.DockerRegistrySecretAsync("regcred", "team-a", "registry.example.com:5000", "robot$team", password);
        Assert.Equal(kubectl["kind"]!.GetValue<string>(), written["kind"]!.GetValue<string>());
        Assert.Equal(kubectl["apiVersion"]!.GetValue<string>(), written["apiVersion"]!.GetValue<string>());
        Assert.Equal(kubectl["type"]!.GetValue<string>(), written["type"]!.GetValue<string>());
        Assert.Equal(kubectl["metadata"]!["name"]!.GetValue<string>(), written["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(kubectl["metadata"]!["namespace"]!.GetValue<string>(), written["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(((JsonObject)kubectl["data"]!).Select(kv => kv.Key), ((JsonObject)written["data"]!).Select(kv => kv.Key));
        var ours = Kubectl.DockerConfigJson(written);
        var theirs = Kubectl.DockerConfigJson(kubectl);
        // Field by field: the same registries, each with exactly username, password and auth, in kubectl's order.
        Assert.True(JsonNode.DeepEquals(theirs, ours), $"kubectl: {theirs.ToJsonString()}\nberth:   {ours.ToJsonString()}");
        var entry = (JsonObject)ours["auths"]!["registry.example.com:5000"]!;
        Assert.Equal(["username", "password", "auth"], entry.Select(kv => kv.Key));
        Assert.Equal("berth", written["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());

        // A second apply replaces it at the resourceVersion it read (optimistic concurrency), never blindly.
        var before = written["metadata"]!["resourceVersion"]!.GetValue<string>();
        var again = await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None);
        Assert.Equal("replaced", Assert.Single(again.Namespaces).Action);
        var put = _world.Kube.Requests.Last(r => r.Method == "PUT");
        Assert.Equal("/api/v1/namespaces/team-a/secrets/regcred", put.Path);
        Assert.Equal(before, JsonNode.Parse(put.Body)!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.All(_world.Kube.Requests, r => Assert.NotEqual(401, r.Status));
    }

    [Fact]
    public async Task A_label_selector_chooses_the_namespaces()
    {
        await _world.GenericAsync("team", "registry.example.com", "u", "secret-password-1");
        _world.Kube.AddNamespace("shop", new Dictionary<string, string> { ["env"] = "prod" });
        _world.Kube.AddNamespace("shop-dev", new Dictionary<string, string> { ["env"] = "dev" });
        _world.Kube.AddNamespace("billing", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "money" });
        await _world.TargetAsync("prod", ["team"], selector: "env=prod");

        var applied = await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None);

        Assert.Equal(["billing", "shop"], applied.Namespaces.Select(n => n.Namespace));
        Assert.NotNull(_world.Kube.Secret("shop", "regcred"));
        Assert.NotNull(_world.Kube.Secret("billing", "regcred"));
        Assert.Null(_world.Kube.Secret("shop-dev", "regcred"));
        Assert.Contains(_world.Kube.Requests, r => r.Path == "/api/v1/namespaces" && r.Query.Contains("labelSelector=env%3Dprod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_service_account_gets_the_secret_without_losing_its_entries()
    {
        await _world.GenericAsync("team", "registry.example.com", "u", "secret-password-1");
        _world.Kube.AddNamespace("team-a", existingPullSecrets: ["vendor-cred", "legacy"]);
        await _world.TargetAsync("prod", ["team"], ["team-a"], patch: true);

        var first = await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None);
        var second = await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None);

        Assert.True(Assert.Single(first.Namespaces).ServiceAccountPatched);
        Assert.False(Assert.Single(second.Namespaces).ServiceAccountPatched);
        Assert.Equal(["vendor-cred", "legacy", "regcred"], _world.Kube.PullSecretsOf("team-a"));
        var patch = Assert.Single(_world.Kube.Requests, r => r.Method == "PATCH");
        Assert.Equal("application/strategic-merge-patch+json", patch.ContentType?.Split(';')[0]);
    }

    [Fact]
    public async Task Errors_are_recorded_per_namespace_and_the_others_are_written()
    {
        await _world.GenericAsync("team", "registry.example.com", "u", "secret-password-1");
        _world.Kube.AddNamespace("open");
        _world.Kube.AddNamespace("locked");
        _world.Kube.Forbid("create", "secrets", "locked");
        await _world.TargetAsync("prod", ["team"], ["locked", "open", "missing"]);

        var applied = await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None);

        Assert.False(applied.Ok);
        var status = (await _world.PullSecrets.GetAsync(_world.Actor, "prod", CancellationToken.None)).Status.ToDictionary(s => s.Namespace);
        Assert.Null(status["open"].LastError);
        Assert.Equal(_world.Clock.GetUtcNow(), status["open"].LastWrite);
        Assert.Contains("HTTP 403 Forbidden", status["locked"].LastError, StringComparison.Ordinal);
        Assert.Contains("cannot create resource \"secrets\"", status["locked"].LastError, StringComparison.Ordinal);
        Assert.Contains("RBAC", status["locked"].LastError, StringComparison.Ordinal);
        Assert.Null(status["locked"].LastWrite);
        Assert.Contains("namespaces \"missing\" not found", status["missing"].LastError, StringComparison.Ordinal);
        // A failed target is tried again soon, not after the usual interval.
        Assert.Equal(_world.Clock.GetUtcNow() + PullSecretUseCases.RetryAfterFailure, applied.NextRefresh);

        // A later success keeps the history straight: the error clears, the write time moves.
        _world.Clock.Advance(TimeSpan.FromMinutes(10));
        _world.Kube.AddNamespace("missing");
        await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None);
        status = (await _world.PullSecrets.GetAsync(_world.Actor, "prod", CancellationToken.None)).Status.ToDictionary(s => s.Namespace);
        Assert.Null(status["missing"].LastError);
        Assert.NotNull(status["locked"].LastError);
        Assert.Equal(_world.Clock.GetUtcNow(), status["open"].LastWrite);
    }

    [Fact]
    public async Task An_ecr_secret_is_rewritten_before_the_token_expires_on_the_clock()
    {
        await _world.EcrAsync("ecr");
        _world.Kube.AddNamespace("team-a");
        await _world.TargetAsync("prod", ["ecr"], ["team-a"]);
        var start = _world.Clock.GetUtcNow();

        // Created targets are due at once.
        Assert.Equal(1, await _world.PullSecrets.RefreshDueAsync(_world.Clock.GetUtcNow(), CancellationToken.None));
        var config = Kubectl.DockerConfigJson(_world.Kube.Secret("team-a", "regcred")!);
        Assert.Equal("AWS", config["auths"]![PullSecretWorld.EcrHost]!["username"]!.GetValue<string>());
        Assert.Equal(FakeEcr.RegistryPassword, config["auths"]![PullSecretWorld.EcrHost]!["password"]!.GetValue<string>());
        var target = await _world.PullSecrets.GetAsync(_world.Actor, "prod", CancellationToken.None);
        Assert.Equal(start + TimeSpan.FromHours(6), target.DueAt);
        var writes = Writes();

        _world.Clock.Advance(TimeSpan.FromHours(5) + TimeSpan.FromMinutes(59));
        Assert.Equal(0, await _world.PullSecrets.RefreshDueAsync(_world.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(writes, Writes());

        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _world.PullSecrets.RefreshDueAsync(_world.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(writes + 1, Writes());

        // However long the clock runs, no gap between writes exceeds 6 hours, well inside the 12-hour token.
        for (var i = 0; i < 8; i++)
        {
            _world.Clock.Advance(TimeSpan.FromHours(3));
            await _world.PullSecrets.RefreshDueAsync(_world.Clock.GetUtcNow(), CancellationToken.None);
            var status = Assert.Single((await _world.PullSecrets.GetAsync(_world.Actor, "prod", CancellationToken.None)).Status);
            Assert.True(_world.Clock.GetUtcNow() - status.LastWrite!.Value < TimeSpan.FromHours(6), $"last write {status.LastWrite} at {_world.Clock.GetUtcNow()}");
        }
    }

    [Fact]
    public async Task A_credential_change_rewrites_the_secrets_carrying_the_connection()
    {
        await _world.GenericAsync("team", "registry.example.com", "u", "old-password-1");
        _world.Kube.AddNamespace("team-a");
        await _world.TargetAsync("prod", ["team"], ["team-a"]);
        await _world.PullSecrets.RefreshDueAsync(_world.Clock.GetUtcNow(), CancellationToken.None);
        _world.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await _world.PullSecrets.RefreshDueAsync(_world.Clock.GetUtcNow(), CancellationToken.None));

        await _world.Connections.UpdateAsync(_world.Actor, "team", new ConnectionInput { Values = new Dictionary<string, string?> { ["password"] = "new-password-2" } }, verify: false, CancellationToken.None);

        Assert.Equal(1, await _world.PullSecrets.RefreshDueAsync(_world.Clock.GetUtcNow(), CancellationToken.None));
        var config = Kubectl.DockerConfigJson(_world.Kube.Secret("team-a", "regcred")!);
        Assert.Equal("new-password-2", config["auths"]!["registry.example.com"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Removing_a_connection_lists_the_targets_carrying_it_and_detach_drops_it()
    {
        await _world.GenericAsync("team", "registry.example.com", "u", "secret-password-1");
        await _world.GenericAsync("other", "other.example.com", "u", "secret-password-2");
        await _world.TargetAsync("prod", ["team", "other"], ["team-a"]);

        var refused = await Assert.ThrowsAsync<ConnectionInUseException>(() =>
            _world.Connections.RemoveAsync(_world.Actor, "team", RemoveMode.Refuse, "detach", CancellationToken.None));
        var dependent = Assert.Single(refused.Dependents);
        Assert.Equal(PullSecretDependents.Kind, dependent.Kind);
        Assert.Contains("pull-secret target prod", dependent.Description, StringComparison.Ordinal);

        await _world.Connections.RemoveAsync(_world.Actor, "team", RemoveMode.Detach, "detach", CancellationToken.None);
        var target = await _world.PullSecrets.GetAsync(_world.Actor, "prod", CancellationToken.None);
        Assert.Equal(["other"], await _world.PullSecrets.ConnectionNamesAsync(target, CancellationToken.None));
        Assert.NotNull(target.Token);
    }

    [Fact]
    public async Task The_cluster_token_never_appears_in_clear_text()
    {
        await _world.GenericAsync("team", "registry.example.com", "u", "secret-password-1");
        _world.Kube.AddNamespace("open");
        _world.Kube.AddNamespace("locked");
        _world.Kube.Forbid("create", "secrets", "locked");
        var created = await _world.TargetAsync("prod", ["team"], ["open", "locked"]);
        var applied = await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None);
        var invalid = await Assert.ThrowsAsync<Berth.Connections.PullSecrets.PullSecretTargetValidationException>(() =>
            _world.PullSecrets.UpdateAsync(_world.Actor, "prod", new() { Token = PullSecretWorld.ClusterToken + " x" }, CancellationToken.None));

        var token = PullSecretWorld.ClusterToken;
        Assert.DoesNotContain(token, created.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(applied, Berth.Server.Tests.PullSecrets.TestJson.Options), StringComparison.Ordinal);
        Assert.DoesNotContain(token, invalid.Message, StringComparison.Ordinal);
        var audit = await _world.Store.ListAuditAsync(_world.Actor.OrganizationId, 100, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "pull-secret.apply");
        Assert.All(audit, a => Assert.DoesNotContain(token, a.Detail ?? "", StringComparison.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(token);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_world.DataDirectory, "data"), "*", SearchOption.AllDirectories))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(bytes) < 0, $"{file} holds the cluster token in clear text");
        }

        // The token did reach the cluster, as the Authorization header (the fake refuses anything else with 401).
        Assert.Contains(_world.Kube.Requests, r => r.Method == "POST" && r.Status == 201);
    }

    [Fact]
    public async Task A_wrong_ca_bundle_or_token_is_a_clear_error()
    {
        await _world.GenericAsync("team", "registry.example.com", "u", "secret-password-1");
        _world.Kube.AddNamespace("team-a");
        using var otherCaDir = new Berth.Testing.TempDirectory("berth-otherca");
        using var otherCa = Berth.Testing.TestCertificateAuthority.Create(otherCaDir.Path);
        await _world.TargetAsync("prod", ["team"], ["team-a"]);
        await _world.PullSecrets.UpdateAsync(_world.Actor, "prod", new() { CaBundlePem = otherCa.CaCertificatePem }, CancellationToken.None);

        var untrusted = Assert.Single((await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None)).Namespaces);
        Assert.Contains("no answer", untrusted.Error, StringComparison.Ordinal);
        Assert.Contains("CA bundle", untrusted.Error, StringComparison.Ordinal);

        await _world.PullSecrets.UpdateAsync(_world.Actor, "prod", new() { CaBundlePem = _world.CaPem, Token = "not-the-token" }, CancellationToken.None);
        var refused = Assert.Single((await _world.PullSecrets.ApplyAsync(_world.Actor, "prod", CancellationToken.None)).Namespaces);
        Assert.Contains("HTTP 401", refused.Error, StringComparison.Ordinal);
        Assert.Contains("valid service-account token", refused.Error, StringComparison.Ordinal);
        Assert.Null(_world.Kube.Secret("team-a", "regcred"));
    }

    private int Writes() => _world.Kube.Requests.Count(r => r.Method is "POST" or "PUT" && r.Path.Contains("/secrets", StringComparison.Ordinal) && r.Status is 200 or 201);
}
