using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Connections.Tokens;

namespace Berth.Server.Tests;

/// <summary>The registries API against a real server and a real htpasswd registry: CRUD, browse, verify, credentials, secrets.</summary>
public sealed class RegistryApiTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    /// <summary>Every body a test received, except from the two endpoints whose job is to hand out credentials.</summary>
    private readonly List<string> _bodies = [];

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!path.Contains("/credentials", StringComparison.Ordinal) && !path.EndsWith("/dockercfg", StringComparison.Ordinal))
        {
            _bodies.Add(text);
        }

        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private object NewRegistry(string name) => new { name, type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password };

    [Fact]
    public async Task Registry_crud_round_trip_never_returns_the_secret()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);

        var (status, created) = await SendAsync(admin, HttpMethod.Post, "api/v1/registries", NewRegistry("local"));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("local", created.GetProperty("name").GetString());
        Assert.Equal("generic", created.GetProperty("type").GetString());
        Assert.Equal(RegistryFixture.Username, created.GetProperty("username").GetString());
        Assert.True(created.GetProperty("passwordSet").GetBoolean());
        Assert.Equal(RegistryFixture.Password[^4..], created.GetProperty("passwordHint").GetString());
        // Verified before it was saved, so its health is known at once.
        Assert.Equal("ok", created.GetProperty("health").GetProperty("status").GetString());

        var (listStatus, list) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal(["local"], list.EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        // Update without a password keeps the saved one (verify still signs in).
        var (updateStatus, updated) = await SendAsync(admin, HttpMethod.Put, "api/v1/registries/local", new { type = "generic", url = registry.Url, username = RegistryFixture.Username, repositories = new[] { "team/app" } });
        Assert.Equal(HttpStatusCode.OK, updateStatus);
        Assert.True(updated.GetProperty("passwordSet").GetBoolean());
        Assert.Equal(["team/app"], updated.GetProperty("options").GetProperty("repositories").EnumerateArray().Select(r => r.GetString()));

        var (verifyStatus, verify) = await SendAsync(admin, HttpMethod.Post, "api/v1/registries/local/verify");
        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        Assert.Contains(verify.GetProperty("steps").EnumerateArray(), s => s.GetProperty("name").GetString() == "tags team/app" && s.GetProperty("outcome").GetString() == "ok" && s.GetProperty("message").GetString() == "2 tags");

        var (_, afterVerify) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local");
        Assert.Equal("ok", afterVerify.GetProperty("health").GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, afterVerify.GetProperty("health").GetProperty("lastVerifiedAt").ValueKind);

        var (renameStatus, renamed) = await SendAsync(admin, HttpMethod.Post, "api/v1/registries/local/rename", new { name = "primary" });
        Assert.Equal(HttpStatusCode.OK, renameStatus);
        Assert.Equal("primary", renamed.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local")).Status);

        var (deleteStatus, _) = await SendAsync(admin, HttpMethod.Delete, "api/v1/registries/primary");
        Assert.Equal(HttpStatusCode.NoContent, deleteStatus);
        var (goneStatus, gone) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/primary");
        Assert.Equal(HttpStatusCode.NotFound, goneStatus);
        Assert.Equal(404, gone.GetProperty("status").GetInt32());

        var (_, audit) = await SendAsync(admin, HttpMethod.Get, "api/v1/audit");
        var actions = audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["connection.remove", "connection.rename", "connection.verify", "connection.update", "connection.create"], actions);

        Assert.NotEmpty(_bodies);
        Assert.All(_bodies, body => Assert.DoesNotContain(RegistryFixture.Password, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Browsing_lists_repositories_tags_and_manifest_details()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, HttpMethod.Post, "api/v1/registries", NewRegistry("local"))).Status);

        var (_, repositories) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local/repositories");
        Assert.Equal(["team/app", "tools/cli"], repositories.GetProperty("items").EnumerateArray().Select(i => i.GetString()));

        var (_, tags) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local/tags?repository=team/app");
        Assert.Equal(["1.0", "2.0"], tags.GetProperty("items").EnumerateArray().Select(i => i.GetString()));

        var (status, manifest) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local/manifest?repository=team/app&reference=1.0");
        Assert.Equal(HttpStatusCode.OK, status);
        var image = registry.Image10;
        Assert.Equal(registry.Digest10, manifest.GetProperty("digest").GetString());
        Assert.False(manifest.TryGetProperty("platforms", out _));
        Assert.Equal("linux", manifest.GetProperty("os").GetString());
        Assert.Equal("amd64", manifest.GetProperty("architecture").GetString());
        Assert.Equal("127.0.0.1:" + new Uri(registry.Url).Port + "/team/app", manifest.GetProperty("name").GetString());
        Assert.Equal(RegistryFixture.Created, manifest.GetProperty("created").GetDateTimeOffset());
        Assert.Equal(image.Config!.Size + image.Layers.Sum(l => l.Size), manifest.GetProperty("size").GetInt64());
        Assert.Equal(image.Layers.Select(l => l.Digest), manifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()));
        var labels = manifest.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(RegistryFixture.Labels.OrderBy(l => l.Key), labels.OrderBy(l => l.Key));

        var (missingStatus, missing) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local/manifest?repository=team/app&reference=9.9");
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Contains("team/app:9.9", missing.GetProperty("detail").GetString());

        // Served from the cache: a repository pushed after listing shows up only with refresh=true.
        using (var dir = new Berth.Testing.TempDirectory("berth-late"))
        {
            var late = await Berth.Testing.TestImages.CreateAsync(dir.Path, "3.0", new Berth.Testing.TestImageSpec { Seed = 99 });
            await Berth.Testing.RegistrySeeder.PushWithHttpAsync(late, registry.Registry, "team/late", "3.0", new Berth.Testing.RegistryCredentials(RegistryFixture.Username, RegistryFixture.Password));
        }

        var (_, cached) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local/repositories");
        Assert.Equal(["team/app", "tools/cli"], cached.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        var (_, fresh) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local/repositories?refresh=true");
        Assert.Equal(["team/app", "team/late", "tools/cli"], fresh.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.All(_bodies, body => Assert.DoesNotContain(RegistryFixture.Password, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_with_a_wrong_password_reports_failing_health()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await SendAsync(admin, HttpMethod.Post, "api/v1/registries?verify=false", new { name = "bad", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = "wrong-password-123456" });

        var (status, verify) = await SendAsync(admin, HttpMethod.Post, "api/v1/registries/bad/verify");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(verify.GetProperty("ok").GetBoolean());
        var failed = verify.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("outcome").GetString() == "failed");
        Assert.Equal("authenticate", failed.GetProperty("name").GetString());
        Assert.Contains("refused", failed.GetProperty("message").GetString());

        var (_, saved) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/bad");
        Assert.Equal("failing", saved.GetProperty("health").GetProperty("status").GetString());
        Assert.All(_bodies, body => Assert.DoesNotContain("wrong-password-123456", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Browsing_with_refused_credentials_is_a_bad_gateway_that_names_the_registry()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await SendAsync(admin, HttpMethod.Post, "api/v1/registries?verify=false", new { name = "bad", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = "wrong-password-123456" });

        using var response = await admin.GetAsync("api/v1/registries/bad/tags?repository=team/app");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        _bodies.Add(problem.ToString());
        Assert.Equal(502, problem.GetProperty("status").GetInt32());
        Assert.Equal("Registry refused the credentials", problem.GetProperty("title").GetString());
        Assert.Equal("unauthenticated", problem.GetProperty("category").GetString());
        Assert.Equal("registry", problem.GetProperty("origin").GetString());
        Assert.Contains("refused", problem.GetProperty("detail").GetString());
        Assert.All(_bodies, body => Assert.DoesNotContain("wrong-password-123456", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_verifies_first_and_saves_nothing_when_the_registry_refuses()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        var (status, report) = await SendAsync(admin, HttpMethod.Post, "api/v1/registries", new { name = "bad", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = "wrong-password-123456" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Contains(report.GetProperty("steps").EnumerateArray(), s => s.GetProperty("name").GetString() == "authenticate" && s.GetProperty("outcome").GetString() == "failed");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Get, "api/v1/registries/bad")).Status);
        Assert.All(_bodies, body => Assert.DoesNotContain("wrong-password-123456", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_is_refused_while_a_ci_token_names_the_registry_and_detach_revokes_it()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, HttpMethod.Post, "api/v1/registries", NewRegistry("local"))).Status);
        var ci = await server.CreateTokenAsync("default", ApiTokenRole.Ci, "local");

        var (_, dependents) = await SendAsync(admin, HttpMethod.Get, "api/v1/registries/local/dependents");
        var tokenId = Assert.Single(dependents.EnumerateArray()).GetProperty("id").GetString();
        var (refusedStatus, refused) = await SendAsync(admin, HttpMethod.Delete, "api/v1/registries/local");
        Assert.Equal(HttpStatusCode.Conflict, refusedStatus);
        Assert.Equal("conflict", refused.GetProperty("category").GetString());
        Assert.Equal(tokenId, Assert.Single(refused.GetProperty("dependents").EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains("?detach=true", refused.GetProperty("detail").GetString());

        var (removedStatus, detached) = await SendAsync(admin, HttpMethod.Delete, "api/v1/registries/local?detach=true");
        Assert.Equal(HttpStatusCode.OK, removedStatus);
        Assert.Equal(tokenId, Assert.Single(detached.EnumerateArray()).GetProperty("id").GetString());
        using var ciClient = server.Client(ci);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ciClient.GetAsync("api/v1/registries/local/credentials")).StatusCode);
    }

    public static TheoryData<string, string, string> InvalidRegistries => new()
    {
        // body, field with the error, words the message must contain
        { """{"name":"a\u0001b","type":"generic","url":"http://127.0.0.1:5000"}""", "name", "control characters" },
        { """{"name":"x","type":"generic","url":"http://127.0.0.1:5000","passwordCommand":["cat","/etc/shadow"]}""", "passwordCommand", "only the CLI" },
        { """{"name":"x","type":"nosuch","url":"http://127.0.0.1:5000"}""", "type", "unknown registry type 'nosuch'" },
        { """{"name":"x","type":"generic","url":"ftp://127.0.0.1"}""", "url", "use https:// or http://" },
        { """{"name":"x","type":"generic","url":"http://169.254.169.254/latest"}""", "url", "cloud metadata" },
        { """{"name":"x","type":"generic","url":"http://169.254.10.20"}""", "url", "link-local" },
        { """{"name":"x","type":"generic","url":"http://[fe80::1]:5000"}""", "url", "link-local" },
        { """{"name":"x","type":"generic","url":"metadata.google.internal"}""", "url", "cloud metadata" },
        { """{"name":"x","type":"generic","url":"http://[::169.254.169.254]"}""", "url", "cloud metadata address: it is 169.254.169.254 as an IPv4-compatible" },
        { """{"name":"x","type":"generic","url":"http://[64:ff9b::a9fe:a9fe]:5000"}""", "url", "cloud metadata address: it is 169.254.169.254 behind NAT64" },
        { """{"name":"x","type":"generic","url":"http://[::ffff:169.254.169.254]"}""", "url", "IPv4-mapped" },
        { """{"name":"x","type":"generic","url":"http://2852039166"}""", "url", "cloud metadata" },
        { """{"name":"x","type":"generic","url":"0xa9.0xfe.0xa9.0xfe"}""", "url", "is 169.254.169.254, a cloud metadata address" },
        { """{"name":"x","type":"generic","url":"http://127.0.0.1:5000","username":"u"}""", "password", "required with a username" },
        { """{"name":"x","type":"ecr","url":"123456789012.dkr.ecr.us-east-1.amazonaws.com"}""", "secretAccessKey", "AWS secret access key is required" },
        { """{"name":"x","type":"generic","url":"http://127.0.0.1:5000","region":"us-east-1"}""", "region", "not a field of type generic" },
        { """{"name":"x","type":"generic","url":"http://127.0.0.1:5000","cacheIntervalSeconds":1}""", "cacheIntervalSeconds", "between 10 and 86400" },
        { """{"name":"x","type":"generic","url":"http://127.0.0.1:5000","repositoriesRegex":"(["}""", "repositoriesRegex", "not a valid regular expression" },
        { """{"name":"x","type":"generic","url":"http://127.0.0.1:5000","createRepositories":true}""", "createRepositories", "only an ecr connection" },
    };

    [Fact]
    public async Task An_ecr_registry_opts_in_to_creating_repositories_through_the_body_and_shows_it_in_its_options()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        var body = new
        {
            name = "aws", type = "ecr", url = "123456789012.dkr.ecr.us-east-1.amazonaws.com", accessKeyId = "AKIAFAKEEXAMPLE00001",
            secretAccessKey = "not-a-real-secret-0123456789", createRepositories = true,
        };
        var (status, created) = await SendAsync(admin, HttpMethod.Post, "api/v1/registries?verify=false", body);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(created.GetProperty("options").GetProperty("createRepositories").GetBoolean(), created.ToString());

        // Left out of an update, the option keeps its value; false turns it off.
        var (_, kept) = await SendAsync(admin, HttpMethod.Put, "api/v1/registries/aws?verify=false", new { type = "ecr", url = body.url, accessKeyId = body.accessKeyId });
        Assert.True(kept.GetProperty("options").GetProperty("createRepositories").GetBoolean(), kept.ToString());
        var (_, off) = await SendAsync(admin, HttpMethod.Put, "api/v1/registries/aws?verify=false", new { type = "ecr", url = body.url, accessKeyId = body.accessKeyId, createRepositories = false });
        Assert.False(off.GetProperty("options").GetProperty("createRepositories").GetBoolean(), off.ToString());
    }

    [Theory]
    [MemberData(nameof(InvalidRegistries))]
    public async Task Invalid_input_is_a_validation_problem_naming_the_field(string body, string field, string message)
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        using var response = await admin.PostAsync("api/v1/registries", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicate_name_is_a_conflict_ignoring_case()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, HttpMethod.Post, "api/v1/registries", NewRegistry("Local"))).Status);
        var (status, problem) = await SendAsync(admin, HttpMethod.Post, "api/v1/registries", NewRegistry("local"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already exists", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task Credentials_and_dockercfg_hand_out_the_secret_and_are_audited()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await SendAsync(admin, HttpMethod.Post, "api/v1/registries", NewRegistry("local"));
        await SendAsync(admin, HttpMethod.Post, "api/v1/registries?verify=false", new { name = "other", type = "generic", url = "http://127.0.0.1:1" });
        var ci = await server.CreateTokenAsync("default", ApiTokenRole.Ci, "local");
        using var ciClient = server.Client(ci);

        var (status, credential) = await SendAsync(ciClient, HttpMethod.Get, "api/v1/registries/local/credentials");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(RegistryFixture.Username, credential.GetProperty("username").GetString());
        Assert.Equal(RegistryFixture.Password, credential.GetProperty("password").GetString());
        Assert.Equal($"127.0.0.1:{registry.Registry.Port}", credential.GetProperty("serverAddress").GetString());

        using var cfgResponse = await ciClient.PostAsJsonAsync("api/v1/dockercfg", new { registries = new[] { "local" } });
        Assert.Equal(HttpStatusCode.OK, cfgResponse.StatusCode);
        var config = await Json.ReadAsync(cfgResponse);
        var auth = config.GetProperty("auths").GetProperty($"127.0.0.1:{registry.Registry.Port}").GetProperty("auth").GetString();
        Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{RegistryFixture.Username}:{RegistryFixture.Password}")), auth);

        // A ci token gets nothing else: not the other registry, not browsing, not management.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(ciClient, HttpMethod.Get, "api/v1/registries/other/credentials")).Status);
        using (var otherCfg = await ciClient.PostAsJsonAsync("api/v1/dockercfg", new { registries = new[] { "other" } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherCfg.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(ciClient, HttpMethod.Get, "api/v1/registries")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(ciClient, HttpMethod.Get, "api/v1/registries/local/repositories")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(ciClient, HttpMethod.Delete, "api/v1/registries/local")).Status);

        var (_, audit) = await SendAsync(admin, HttpMethod.Get, "api/v1/audit");
        var reads = audit.EnumerateArray().Where(a => a.GetProperty("action").GetString() == "credential.read").ToList();
        Assert.Equal(2, reads.Count);
        var ciId = (await server.Server.Stores.Tokens.AuthenticateAsync(ci, CancellationToken.None))!.Id;
        Assert.All(reads, r => Assert.Equal("token:" + ciId.ToString("D"), r.GetProperty("actor").GetString()));
        Assert.All(reads, r => Assert.StartsWith("local:", r.GetProperty("detail").GetString()));
        Assert.All(_bodies, body => Assert.DoesNotContain(RegistryFixture.Password, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_picks_the_longest_matching_namespace()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await SendAsync(admin, HttpMethod.Post, "api/v1/registries?verify=false", new { name = "whole", type = "generic", url = registry.Url });
        await SendAsync(admin, HttpMethod.Post, "api/v1/registries?verify=false", new { name = "team", type = "generic", url = registry.Url + "/team" });
        var host = $"127.0.0.1:{registry.Registry.Port}";

        var (_, teamMatch) = await SendAsync(admin, HttpMethod.Get, $"api/v1/resolve?image={host}/team/app:1.0");
        Assert.Equal("team", teamMatch.GetProperty("connection").GetProperty("name").GetString());
        var (_, wholeMatch) = await SendAsync(admin, HttpMethod.Get, $"api/v1/resolve?image={host}/tools/cli");
        Assert.Equal("whole", wholeMatch.GetProperty("connection").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Get, "api/v1/resolve?image=ghcr.io/x/y")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(admin, HttpMethod.Get, "api/v1/resolve?image=Bad/Name")).Status);
    }
}
