using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Server.Tests;

/// <summary>
/// The same scenario through the CLI (the real <c>berth</c> binary over the server's data directory) and through
/// the API gives the same result: docker config file, inspect JSON, validation message, audit rows.
/// </summary>
public sealed class ParityTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string HubToken = "dckr_pat_parity-hub-token-0123456789";

    [Fact]
    public async Task Dockercfg_export_and_the_dockercfg_endpoint_write_the_same_file()
    {
        await using var server = await ServerHarness.StartAsync();
        var dir = server.DataDirectory;
        await Ok(BerthCli.RunAsync(dir, HubToken, "connect", "dockerhub", "--name", "hub", "--username", "hubuser", "--password-stdin", "--no-verify"));
        await Ok(BerthCli.RunAsync(dir, RegistryFixture.Password, "connect", "generic", "--name", "team", "--url", registry.Url + "/team", "--username", RegistryFixture.Username, "--password-stdin"));
        await Ok(BerthCli.RunAsync(dir, RegistryFixture.Password, "connect", "generic", "--name", "plain", "--url", registry.Url, "--username", RegistryFixture.Username, "--password-stdin"));

        var file = Path.Combine(dir, "exported.json");
        await Ok(BerthCli.RunAsync(dir, null, "dockercfg", "export", "-o", file));
        var fromCli = await File.ReadAllTextAsync(file);

        using var admin = server.Client(server.AdminToken);
        using var response = await admin.PostAsJsonAsync("api/v1/dockercfg", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fromApi = await response.Content.ReadAsStringAsync();

        var host = new Uri(registry.Url).Authority;
        var cli = JsonNode.Parse(fromCli)!["auths"]!.AsObject();
        Assert.Equal(new[] { "https://index.docker.io/v1/", host, host + "/team" }.Order(StringComparer.Ordinal), cli.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(fromCli), JsonNode.Parse(fromApi)), $"CLI:\n{fromCli}\nAPI:\n{fromApi}");
        Assert.Equal(fromCli.TrimEnd(), fromApi.TrimEnd());
    }

    [Fact]
    public async Task Inspect_gives_the_same_json_from_the_cli_and_the_api()
    {
        await using var server = await ServerHarness.StartAsync();
        var dir = server.DataDirectory;
        await Ok(BerthCli.RunAsync(dir, RegistryFixture.Password, "connect", "generic", "--name", "lab", "--url", registry.Url, "--username", RegistryFixture.Username, "--password-stdin"));
        var host = new Uri(registry.Url).Authority;

        foreach (var (repository, reference) in new[] { ("team/app", "1.0"), ("team/app", registry.Digest10), ("tools/cli", "latest") })
        {
            var separator = reference.Contains(':', StringComparison.Ordinal) ? "@" : ":";
            var cli = await Ok(BerthCli.RunAsync(dir, null, "inspect", $"{host}/{repository}{separator}{reference}", "--output", "json"));
            using var admin = server.Client(server.AdminToken);
            var api = await admin.GetStringAsync($"api/v1/registries/lab/manifest?repository={repository}&reference={Uri.EscapeDataString(reference)}");
            var fromCli = JsonNode.Parse(cli.Stdout)!;
            if (repository == "team/app")
            {
                Assert.Equal(registry.Digest10, fromCli["digest"]!.GetValue<string>());
                Assert.Equal(2, fromCli["layers"]!.AsArray().Count);
            }

            Assert.True(JsonNode.DeepEquals(fromCli, JsonNode.Parse(api)), $"{repository} {reference}\nCLI:\n{cli.Stdout}\nAPI:\n{api}");
        }
    }

    public static TheoryData<string[], string, string> BadInputs => new()
    {
        { ["--repositories-regex", "(["], """{"repositoriesRegex":"(["}""", "repositoriesRegex" },
        { ["--url", "ftp://127.0.0.1"], """{"url":"ftp://127.0.0.1"}""", "url" },
        { ["--url", "http://169.254.169.254/latest"], """{"url":"http://169.254.169.254/latest"}""", "url" },
        { ["--username", "someone"], """{"username":"someone"}""", "password" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task The_same_bad_input_gets_the_same_message(string[] flags, string fields, string field)
    {
        await using var server = await ServerHarness.StartAsync();
        string[] args = ["connect", "generic", "--name", "x", "--no-verify", .. flags];
        if (!flags.Contains("--url"))
        {
            args = [.. args, "--url", registry.Url];
        }

        var cli = await BerthCli.RunAsync(server.DataDirectory, null, args);
        Assert.Equal(2, cli.ExitCode);

        var body = JsonNode.Parse(fields)!.AsObject();
        body["name"] = "x";
        body["type"] = "generic";
        body["url"] ??= registry.Url;
        using var admin = server.Client(server.AdminToken);
        using var response = await admin.PostAsync("api/v1/registries?verify=false", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var message = problem["errors"]![field]![0]!.GetValue<string>();
        Assert.Contains($"berth: {field}: {message}", cli.Stderr.Split('\n'));
    }

    [Fact]
    public async Task The_same_scenario_leaves_the_same_audit_rows()
    {
        await using var viaCli = await ServerHarness.StartAsync();
        var dir = viaCli.DataDirectory;
        await Ok(BerthCli.RunAsync(dir, RegistryFixture.Password, "connect", "generic", "--name", "reg", "--url", registry.Url, "--username", RegistryFixture.Username, "--password-stdin", "--no-verify"));
        await Ok(BerthCli.RunAsync(dir, null, "registries", "rename", "reg", "reg2"));
        await Ok(BerthCli.RunAsync(dir, null, "registries", "verify", "reg2"));
        await Ok(BerthCli.RunAsync(dir, null, "dockercfg", "export", "reg2", "-o", Path.Combine(dir, "cfg.json")));
        await Ok(BerthCli.RunAsync(dir, null, "registries", "remove", "reg2", "--yes"));

        await using var viaApi = await ServerHarness.StartAsync();
        using var admin = viaApi.Client(viaApi.AdminToken);
        await Send(admin, HttpMethod.Post, "api/v1/registries?verify=false", new { name = "reg", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password });
        await Send(admin, HttpMethod.Post, "api/v1/registries/reg/rename", new { name = "reg2" });
        await Send(admin, HttpMethod.Post, "api/v1/registries/reg2/verify", null);
        await Send(admin, HttpMethod.Post, "api/v1/dockercfg", new { registries = new[] { "reg2" } });
        await Send(admin, HttpMethod.Delete, "api/v1/registries/reg2", null);

        var cliRows = await RowsAsync(viaCli);
        var apiRows = await RowsAsync(viaApi);
        Assert.Equal(["connection.create", "connection.rename", "connection.verify", "credential.read", "connection.remove"], cliRows.Select(r => r.Action));
        Assert.Equal(cliRows, apiRows);
    }

    private static async Task<List<(string Action, string? Detail)>> RowsAsync(ServerHarness server)
    {
        var org = await server.Server.Stores.Connections.EnsureOrganizationAsync("default", CancellationToken.None);
        var rows = await server.Server.Stores.Connections.ListAuditAsync(org.Id, 100, CancellationToken.None);
        return rows.Where(r => r.Action.StartsWith("connection.", StringComparison.Ordinal) || r.Action == "credential.read")
            .OrderBy(r => r.Id).Select(r => (r.Action, r.Detail)).ToList();
    }

    private static async Task Send(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<ProcessResult> Ok(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, $"berth exited {result.ExitCode}: {result.Stderr}");
        return result;
    }
}
