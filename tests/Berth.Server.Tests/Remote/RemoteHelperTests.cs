using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Connections.Tokens;
using Berth.Testing;

namespace Berth.Server.Tests.Remote;

/// <summary>
/// Remote mode as a CI runner meets it: a client directory holding only the server URL and a ci token (saved by
/// 'berth login'), skopeo and podman asking docker-credential-berth through credHelpers, a real htpasswd registry
/// behind a real Berth server on loopback.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RemoteHelperTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private string Host => registry.Registry.Host;

    /// <summary>A server with 'lab' (the registry) and 'other' (a registry elsewhere, never contacted).</summary>
    private static async Task<ServerHarness> ServerWithConnectionsAsync(RegistryFixture registry)
    {
        var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await CreateAsync(admin, "lab", registry.Url);
        await CreateAsync(admin, "other", "http://127.0.0.1:9/elsewhere");
        return server;
    }

    internal static async Task CreateAsync(HttpClient admin, string name, string url)
    {
        var created = await admin.PostAsJsonAsync("api/v1/registries?verify=false", new
        {
            name,
            type = "generic",
            url,
            username = RegistryFixture.Username,
            password = RegistryFixture.Password,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    private static async Task LoginAsync(RemoteClientMachine machine, ServerHarness server, string token)
    {
        var login = await machine.RunAsync(BerthCli.Executable, token, null, "login", server.BaseUri.ToString());
        Assert.True(login.ExitCode == 0, login.Stdout + login.Stderr);
        Assert.Contains($"logged in to {server.BaseUri.ToString().TrimEnd('/')}", login.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, login.Stdout + login.Stderr, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(machine.DataDirectory, "login.json")));
    }

    private static void AssertNoStoreOrKey(RemoteClientMachine machine) =>
        Assert.Equal([Path.Combine(".berth", "login.json")], machine.HomeFiles().Where(f => !f.StartsWith(".config", StringComparison.Ordinal) && !f.StartsWith(".local", StringComparison.Ordinal)));

    [Fact]
    public async Task Skopeo_and_podman_pull_with_only_a_server_url_and_a_ci_token()
    {
        await using var server = await ServerWithConnectionsAsync(registry);
        var token = await server.CreateTokenAsync("default", ApiTokenRole.Ci, "lab");
        using var machine = new RemoteClientMachine();
        await LoginAsync(machine, server, token);
        AssertNoStoreOrKey(machine);

        var authFile = machine.Combine("auth.json");
        await File.WriteAllTextAsync(authFile, $$$"""{"credHelpers":{"{{{Host}}}":"berth"}}""");
        var layout = machine.Combine("pulled");
        var copy = await ProcessRunner.RunAsync(Skopeo.Executable,
            ["--insecure-policy", "copy", "--authfile", authFile, "--src-tls-verify=false", $"docker://{Host}/team/app:1.0", $"oci:{layout}:1.0"],
            TimeSpan.FromMinutes(2), CancellationToken.None, machine.Environment());
        Assert.True(copy.ExitCode == 0, copy.Stderr);
        var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "index.json"))).RootElement;
        Assert.Equal(registry.Digest10, index.GetProperty("manifests")[0].GetProperty("digest").GetString());

        // Without the helper the registry refuses: the credentials did come from the server.
        var none = machine.Combine("none.json");
        await File.WriteAllTextAsync(none, "{}");
        var anonymous = await ProcessRunner.RunAsync(Skopeo.Executable,
            ["--insecure-policy", "inspect", "--authfile", none, "--tls-verify=false", $"docker://{Host}/team/app:1.0"],
            TimeSpan.FromMinutes(2), CancellationToken.None, machine.Environment());
        Assert.NotEqual(0, anonymous.ExitCode);

        // podman refuses a runroot path longer than 50 characters, so it gets a short one of its own.
        var runRoot = Directory.CreateDirectory(Path.Combine("/tmp", "bpr-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        ProcessResult pull;
        try
        {
            pull = await ProcessRunner.RunAsync("/usr/bin/podman",
                ["--root", machine.Combine("podman-root"), "--runroot", runRoot, "--storage-driver", "vfs",
                 "pull", "--authfile", authFile, "--tls-verify=false", $"{Host}/team/app:1.0"],
                TimeSpan.FromMinutes(3), CancellationToken.None, machine.Environment());
        }
        finally
        {
            Directory.Delete(runRoot, recursive: true);
        }

        Assert.True(pull.ExitCode == 0, pull.Stdout + pull.Stderr);
        Assert.Contains(registry.Image10.Config!.Digest.Replace("sha256:", "", StringComparison.Ordinal), pull.Stdout, StringComparison.Ordinal);

        foreach (var output in new[] { copy.Stdout + copy.Stderr, pull.Stdout + pull.Stderr })
        {
            Assert.DoesNotContain(RegistryFixture.Password, output, StringComparison.Ordinal);
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        }

        AssertNoStoreOrKey(machine);
        var org = await server.Server.Stores.Connections.EnsureOrganizationAsync("default", CancellationToken.None);
        var audit = await server.Server.Stores.Connections.ListAuditAsync(org.Id, 100, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "credential.read" && a.Actor.StartsWith("token:", StringComparison.Ordinal)
            && a.Detail != null && a.Detail.Contains("credentials resolve endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ci_token_is_refused_for_a_connection_it_does_not_name()
    {
        await using var server = await ServerWithConnectionsAsync(registry);
        var token = await server.CreateTokenAsync("default", ApiTokenRole.Ci, "other");
        using var machine = new RemoteClientMachine();
        await LoginAsync(machine, server, token);
        var authFile = machine.Combine("auth.json");
        await File.WriteAllTextAsync(authFile, $$$"""{"credHelpers":{"{{{Host}}}":"berth"}}""");

        var refused = await ProcessRunner.RunAsync(Skopeo.Executable,
            ["--insecure-policy", "inspect", "--authfile", authFile, "--tls-verify=false", $"docker://{Host}/team/app:1.0"],
            TimeSpan.FromMinutes(2), CancellationToken.None, machine.Environment());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("connection 'lab' serves", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("may use only: other", refused.Stderr, StringComparison.Ordinal);

        var get = await machine.RunAsync(machine.Helper, Host, null, "get");
        Assert.Equal(1, get.ExitCode);
        Assert.Single(get.Stdout.Trim().Split('\n'));
        Assert.Contains($"the Berth server at {server.BaseUri.ToString().TrimEnd('/')} does not allow this token", get.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistryFixture.Password, get.Stdout + get.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_token_stops_the_remote_helper()
    {
        await using var server = await ServerWithConnectionsAsync(registry);
        var issued = await server.Server.Stores.Tokens.CreateAsync(
            (await server.Server.Stores.Connections.EnsureOrganizationAsync("default", CancellationToken.None)).Id, ApiTokenRole.Ci, ["lab"], "runner", CancellationToken.None);
        using var machine = new RemoteClientMachine();
        var env = new Dictionary<string, string> { ["BERTH_SERVER_URL"] = server.BaseUri.ToString(), ["BERTH_TOKEN"] = issued.Secret };

        var before = await machine.RunAsync(machine.Helper, Host, env, "get");
        Assert.True(before.ExitCode == 0, before.Stdout);
        Assert.Equal(RegistryFixture.Password, JsonDocument.Parse(before.Stdout).RootElement.GetProperty("Secret").GetString());

        Assert.True(await server.Server.Stores.Tokens.RevokeAsync(issued.Token.Id, CancellationToken.None));
        // Token checks may be cached briefly on the server; revocation must show within 10 seconds.
        ProcessResult after;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            after = await machine.RunAsync(machine.Helper, Host, env, "get");
            if (after.ExitCode != 0)
            {
                break;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(1, after.ExitCode);
        Assert.Contains("refused the API token (unknown or revoked)", after.Stdout, StringComparison.Ordinal);
        Assert.Contains($"'berth login {server.BaseUri.ToString().TrimEnd('/')}'", after.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistryFixture.Password, after.Stdout + after.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Secret, after.Stdout + after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_remote_helper_lists_refuses_changes_and_names_the_server_when_it_fails()
    {
        await using var server = await ServerWithConnectionsAsync(registry);
        var token = await server.CreateTokenAsync("default", ApiTokenRole.Ci, "lab");
        using var machine = new RemoteClientMachine();
        var url = server.BaseUri.ToString().TrimEnd('/');
        var env = new Dictionary<string, string> { ["BERTH_SERVER_URL"] = url, ["BERTH_TOKEN"] = token };

        var list = await machine.RunAsync(machine.Helper, null, env, "list");
        Assert.True(list.ExitCode == 0, list.Stdout);
        Assert.Equal($$"""{"{{Host}}":"{{RegistryFixture.Username}}"}""", list.Stdout.Trim());

        var unknown = await machine.RunAsync(machine.Helper, "unknown.example.com", env, "get");
        Assert.Equal((1, "credentials not found in native keychain\n"), (unknown.ExitCode, unknown.Stdout));

        foreach (var verb in new[] { "store", "erase" })
        {
            var refused = await machine.RunAsync(machine.Helper, verb == "store" ? $$"""{"ServerURL":"{{Host}}","Username":"u","Secret":"s3cr3t-x"}""" : Host, env, verb);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains($"is in remote mode ({url}): '{verb}' is refused", refused.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-x", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
        }

        var badToken = await machine.RunAsync(machine.Helper, Host, new Dictionary<string, string>(env) { ["BERTH_TOKEN"] = "berth_not-a-real-token" }, "get");
        Assert.Equal(1, badToken.ExitCode);
        Assert.Contains($"the Berth server at {url} refused the API token", badToken.Stdout, StringComparison.Ordinal);

        var port = PortAllocator.GetFreePort();
        var down = await machine.RunAsync(machine.Helper, Host, new Dictionary<string, string>(env) { ["BERTH_SERVER_URL"] = $"http://127.0.0.1:{port}" }, "get");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains($"the Berth server at http://127.0.0.1:{port} could not be reached", down.Stdout, StringComparison.Ordinal);
        Assert.Contains("BERTH_SERVER_URL", down.Stdout, StringComparison.Ordinal);

        var half = await machine.RunAsync(machine.Helper, Host, new Dictionary<string, string> { ["BERTH_TOKEN"] = token }, "get");
        Assert.Equal(1, half.ExitCode);
        Assert.Contains("BERTH_TOKEN is set but BERTH_SERVER_URL is not", half.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, half.Stdout + half.Stderr, StringComparison.Ordinal);

        // login verifies the token before saving anything; logout removes what login saved.
        var refusedLogin = await machine.RunAsync(BerthCli.Executable, "berth_not-a-real-token", null, "login", url);
        Assert.Equal(1, refusedLogin.ExitCode);
        Assert.Contains("refused the API token", refusedLogin.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(machine.DataDirectory, "login.json")));
        await LoginAsync(machine, server, token);
        var logout = await machine.RunAsync(BerthCli.Executable, null, null, "logout");
        Assert.True(logout.ExitCode == 0, logout.Stderr);
        Assert.False(File.Exists(Path.Combine(machine.DataDirectory, "login.json")));
        var local = await machine.RunAsync(machine.Helper, Host, null, "get");
        Assert.Equal((1, "credentials not found in native keychain\n"), (local.ExitCode, local.Stdout));
    }
}
