using System.Text.Json;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Berth.Server.Tests.Browser;
using Berth.Testing;
using Microsoft.Data.Sqlite;

namespace Berth.Server.Tests;

/// <summary>
/// Issue 14, finding 9, on the server: one tampered ciphertext leaves GET /api/v1/registries and the dashboard list
/// working with the damaged registry flagged, and using it is a local 500 naming the fix; a wrong or damaged master
/// key stops berth-server at start with one line and exit 1.
/// </summary>
public sealed class DamagedStoreTests
{
    private static async Task TamperAsync(string dataDirectory, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "berth.db")};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_tampered_ciphertext_flags_its_registry_in_the_api_and_dashboard_and_the_others_keep_working()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        foreach (var (name, port) in new[] { ("damaged", 5001), ("intact", 5002) })
        {
            using var created = await admin.PostAsJsonAsync("api/v1/registries?verify=false",
                new { name, type = "generic", url = $"127.0.0.1:{port}", username = "u", password = $"pw-{name}-secret" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await TamperAsync(server.DataDirectory, "UPDATE connection_secrets SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA' "
            + "WHERE connection_id = (SELECT id FROM connections WHERE name = 'damaged')");

        using var list = await admin.GetAsync("api/v1/registries");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var registries = (await Json.ReadAsync(list)).EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["damaged", "intact"], registries.Keys.Order(StringComparer.Ordinal));
        // A list decrypts nothing, so it lists both without judging their secrets; reading one registry tells.
        Assert.True(registries["damaged"].GetProperty("passwordSet").GetBoolean());
        Assert.Equal(JsonValueKind.Null, registries["damaged"].GetProperty("secretsReadable").ValueKind);

        using var one = await admin.GetAsync("api/v1/registries/damaged");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var damaged = await Json.ReadAsync(one);
        Assert.False(damaged.GetProperty("secretsReadable").GetBoolean());
        Assert.True(damaged.GetProperty("passwordSet").GetBoolean());
        Assert.False(damaged.GetProperty("secrets").GetProperty("password").GetProperty("readable").GetBoolean());
        Assert.Contains("PUT /api/v1/registries/damaged", damaged.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.True((await Json.ReadAsync(await admin.GetAsync("api/v1/registries/intact"))).GetProperty("secretsReadable").GetBoolean());

        // Using it is the server's own failure (500, failed, local) with the message; the other registry answers.
        using var credentials = await admin.GetAsync("api/v1/registries/damaged/credentials");
        Assert.Equal(HttpStatusCode.InternalServerError, credentials.StatusCode);
        var problem = await Json.ReadAsync(credentials);
        Assert.Equal("failed", problem.GetProperty("category").GetString());
        Assert.Equal("local", problem.GetProperty("origin").GetString());
        Assert.StartsWith("connection 'damaged': stored secret 'password' is unreadable", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var intact = await admin.GetAsync("api/v1/registries/intact/credentials");
        Assert.Equal(HttpStatusCode.OK, intact.StatusCode);
        Assert.Equal("pw-intact-secret", (await Json.ReadAsync(intact)).GetProperty("password").GetString());

        // The dashboard list shows both; the damaged one's page flags it with the fix.
        using (var dashboard = await DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!))
        {
            var html = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync("registries"));
            Assert.Contains("data-name=\"intact\"", html, StringComparison.Ordinal);
            Assert.Contains("data-name=\"damaged\"", html, StringComparison.Ordinal);
            var detail = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync("registries/damaged"));
            Assert.Contains("secret unreadable", detail, StringComparison.Ordinal);
            Assert.Contains("connection 'damaged': stored secret 'password' is unreadable", detail, StringComparison.Ordinal);
        }

        // PUT with the secret repairs it.
        using var put = await admin.PutAsJsonAsync("api/v1/registries/damaged?verify=false", new { password = "pw-damaged-again" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True((await Json.ReadAsync(put)).GetProperty("secretsReadable").GetBoolean());
        using var repaired = await admin.GetAsync("api/v1/registries/damaged/credentials");
        Assert.Equal("pw-damaged-again", (await Json.ReadAsync(repaired)).GetProperty("password").GetString());
    }

    [Fact]
    public async Task A_wrong_or_damaged_master_key_stops_the_server_at_start_with_one_line()
    {
        using var home = new TempDirectory("berth-server-key");
        await using (var first = await ServerHarness.StartAsync(dataDirectory: home.Path))
        {
            using var admin = first.Client(first.AdminToken);
            using var created = await admin.PostAsJsonAsync("api/v1/registries?verify=false",
                new { name = "lab", type = "generic", url = "127.0.0.1:5001", username = "u", password = "pw-lab-secret" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var keyFile = Path.Combine(home.Path, "master.key");
        var goodKey = await File.ReadAllTextAsync(keyFile);
        var cases = new List<(string What, Dictionary<string, string> Env, string? KeyFile, string Expected)>
        {
            ("a wrong BERTH_MASTER_KEY", new() { ["BERTH_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, null, "encrypted with master key id"),
            ("a malformed BERTH_MASTER_KEY", new() { ["BERTH_MASTER_KEY"] = "nope" }, null, "BERTH_MASTER_KEY is not a valid master key"),
            ("a corrupted key file", [], "!!corrupted!!", "is not a valid master key"),
            ("a truncated key file", [], goodKey[..12], "is not a valid master key"),
            ("another key in the key file", [], Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "Restore the original key file"),
        };
        foreach (var (what, env, keyText, expected) in cases)
        {
            await File.WriteAllTextAsync(keyFile, keyText ?? goodKey);
            var (code, stdout, stderr) = await RunServerAsync(home.Path, env);
            Assert.True(code == 1, $"{what}: exit {code}: {stdout}{stderr}");
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, $"{what}: {stderr}");
            Assert.StartsWith("berth-server: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(expected, lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        }

        await File.WriteAllTextAsync(keyFile, goodKey);
        await TamperAsync(home.Path, "UPDATE key_check SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA'");
        var altered = await RunServerAsync(home.Path, []);
        Assert.Equal(1, altered.Code);
        Assert.StartsWith("berth-server: the database's key check", altered.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the berth-server program built with these tests until it exits (it should, at once).</summary>
    private static async Task<(int Code, string Stdout, string Stderr)> RunServerAsync(string dataDirectory, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(RepositoryLayout.BuiltProgram("Berth.Server", "berth-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--urls", "http://127.0.0.1:0", "--data-dir", dataDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("BERTH_MASTER_KEY");
        start.Environment.Remove("BERTH_DATABASE");
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("berth-server kept running with a bad master key");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
