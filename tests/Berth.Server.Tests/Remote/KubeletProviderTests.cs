using System.Text.Json;
using Berth.Connections.Tokens;
using Berth.Testing;

namespace Berth.Server.Tests.Remote;

/// <summary>
/// berth-credential-provider as the kubelet runs it: the request on stdin as the Kubernetes reference documents it
/// (credentialprovider.kubelet.k8s.io/v1 CredentialProviderRequest), the CredentialProviderResponse on stdout; from a
/// local store and, in remote mode, from the server.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KubeletProviderTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string ApiVersion = "credentialprovider.kubelet.k8s.io/v1";

    private string Host => registry.Registry.Host;

    private static string Request(string image) =>
        $$"""{"apiVersion":"{{ApiVersion}}","kind":"CredentialProviderRequest","image":"{{image}}"}""";

    /// <summary>'lab' serves the registry; 'team' its namespace team (more specific).</summary>
    private async Task<ServerHarness> ServerAsync()
    {
        var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await RemoteHelperTests.CreateAsync(admin, "lab", registry.Url);
        await RemoteHelperTests.CreateAsync(admin, "team", registry.Url + "/team");
        return server;
    }

    private void AssertAnswer(ProcessResult result, string key, string cacheKeyType)
    {
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var response = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(ApiVersion, response.GetProperty("apiVersion").GetString());
        Assert.Equal("CredentialProviderResponse", response.GetProperty("kind").GetString());
        Assert.Equal(cacheKeyType, response.GetProperty("cacheKeyType").GetString());
        // A static password has no expiry: the config's defaultCacheDuration applies.
        Assert.False(response.TryGetProperty("cacheDuration", out _));
        var auth = response.GetProperty("auth");
        Assert.Equal([key], auth.EnumerateObject().Select(p => p.Name));
        Assert.Equal(RegistryFixture.Username, auth.GetProperty(key).GetProperty("username").GetString());
        Assert.Equal(RegistryFixture.Password, auth.GetProperty(key).GetProperty("password").GetString());
        Assert.DoesNotContain(RegistryFixture.Password, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_mode_answers_the_documented_request_by_longest_prefix()
    {
        await using var server = await ServerAsync();
        var token = await server.CreateTokenAsync("default", ApiTokenRole.Ci, "lab", "team");
        using var machine = new RemoteClientMachine();
        var env = new Dictionary<string, string> { ["BERTH_SERVER_URL"] = server.BaseUri.ToString(), ["BERTH_TOKEN"] = token };

        AssertAnswer(await machine.RunAsync(machine.KubeletProvider, Request($"{Host}/team/app:1.0"), env), $"{Host}/team", "Image");
        AssertAnswer(await machine.RunAsync(machine.KubeletProvider, Request($"{Host}/tools/cli@{registry.Digest10}"), env), Host, "Registry");
        AssertAnswer(await machine.RunAsync(BerthCli.Executable, Request($"{Host}/tools/cli"), env, "kubelet-credential-provider"), Host, "Registry");
        Assert.Empty(machine.HomeFiles());

        // An image no connection serves: a valid response without credentials (the kubelet pulls anonymously).
        var none = await machine.RunAsync(machine.KubeletProvider, Request("quay.io/org/app:1"), env);
        Assert.True(none.ExitCode == 0, none.Stderr);
        var empty = JsonDocument.Parse(none.Stdout).RootElement;
        Assert.Empty(empty.GetProperty("auth").EnumerateObject());
        Assert.Equal("0s", empty.GetProperty("cacheDuration").GetString());

        // A revoked or unknown token: stderr names the server, stdout stays empty (no half response).
        var refused = await machine.RunAsync(machine.KubeletProvider, Request($"{Host}/team/app:1.0"),
            new Dictionary<string, string>(env) { ["BERTH_TOKEN"] = "berth_unknown" });
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Stdout);
        Assert.Contains("berth-credential-provider: the Berth server at", refused.Stderr, StringComparison.Ordinal);

        var config = await machine.RunAsync(BerthCli.Executable, null, env, "kubelet-credential-provider", "config", "--output", "json");
        Assert.True(config.ExitCode == 0, config.Stderr);
        var provider = JsonDocument.Parse(config.Stdout).RootElement.GetProperty("providers")[0];
        Assert.Equal("berth-credential-provider", provider.GetProperty("name").GetString());
        Assert.Equal([Host], provider.GetProperty("matchImages").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Local_mode_answers_from_the_store_and_config_covers_every_connection()
    {
        await using var server = await ServerAsync();
        var dir = server.DataDirectory;
        var team = await BerthCli.RunAsync(dir, Request($"{Host}/team/app:1.0"), "kubelet-credential-provider");
        AssertAnswer(team, $"{Host}/team", "Image");
        var plain = await BerthCli.RunAsync(dir, Request($"{Host}/tools/cli:latest"), "kubelet-credential-provider");
        AssertAnswer(plain, Host, "Registry");

        var yaml = await BerthCli.RunAsync(dir, null, "kubelet-credential-provider", "config");
        Assert.True(yaml.ExitCode == 0, yaml.Stderr);
        Assert.StartsWith("apiVersion: \"kubelet.config.k8s.io/v1\"\nkind: \"CredentialProviderConfig\"\nproviders:\n  - name: \"berth-credential-provider\"\n", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains($"    matchImages:\n      - \"{Host}\"\n      - \"{Host}/team\"\n", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains($"    env:\n      - name: \"BERTH_HOME\"\n        value: \"{dir}\"\n", yaml.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "expected a CredentialProviderRequest")]
    [InlineData("{\"apiVersion\":\"credentialprovider.kubelet.k8s.io/v1alpha1\",\"kind\":\"CredentialProviderRequest\",\"image\":\"a.io/b\"}", "expected apiVersion 'credentialprovider.kubelet.k8s.io/v1'")]
    [InlineData("{\"apiVersion\":\"credentialprovider.kubelet.k8s.io/v1\",\"kind\":\"CredentialProviderRequest\"}", "names no image")]
    [InlineData("{\"apiVersion\":\"credentialprovider.kubelet.k8s.io/v1\",\"kind\":\"CredentialProviderRequest\",\"image\":\"Not/Valid\"}", "is not an image reference")]
    [InlineData("{\"apiVersion\":", "is not valid JSON")]
    public async Task A_bad_request_is_refused_on_stderr_with_nothing_on_stdout(string request, string message)
    {
        using var machine = new RemoteClientMachine();
        var result = await machine.RunAsync(machine.KubeletProvider, request, null);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }
}
