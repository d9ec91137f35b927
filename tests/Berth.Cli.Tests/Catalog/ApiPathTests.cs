using System.Text;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Cli.Tests.Catalog;

/// <summary>
/// A real registry served under a path prefix — JFrog Artifactory's <c>/artifactory/api/docker/REPO-KEY/v2/</c> and a
/// reverse proxy's mount — driven with the real CLI: connect, tags, inspect, copy and the credential helper.
/// </summary>
[Collection(ProviderRegistriesGroup.Name)]
public sealed class ApiPathTests(ProviderWorld world) : IDisposable
{
    private readonly TempDirectory _home = new("berth-apipath-home");
    private readonly StringBuilder _allOutput = new();

    private async Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args)
    {
        var result = await CliRunner.RunProcessAsync(CliRunner.Executable, stdin, world.Environment, ["--data-dir", _home.Path, .. args]);
        _allOutput.Append(result.Stdout).Append(result.Stderr);
        return result;
    }

    [Fact]
    public async Task Jfrog_names_images_host_repo_key_image_and_requests_go_under_the_artifactory_path()
    {
        const string password = "jfrog-identity-token-0042";
        var host = world.Jfrog.Host;
        var connect = await Run(password, "connect", "jfrog", "--name", "jfrog", "--url", $"{host}/{ProviderWorld.JfrogPrefix}",
            "--username", "deployer", "--password-stdin");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
        Assert.Contains($"/{ProviderWorld.JfrogPrefix}/v2/ answered", connect.Stdout, StringComparison.Ordinal);

        var show = JsonDocument.Parse((await Run(null, "registries", "show", "jfrog", "--output", "json")).Stdout).RootElement;
        Assert.Equal(ProviderWorld.JfrogPrefix, show.GetProperty("apiPath").GetString());
        // The probe found a repository through the catalog under JFrog's names, and asked about it under the prefix.
        Assert.Equal(10_000, show.GetProperty("capabilities").GetProperty("maxPageSize").GetInt32());

        var tags = await Run(null, "tags", $"{host}/docker-local/team/app");
        Assert.True(tags.Code == 0, tags.Stderr);
        Assert.Equal("1.0", tags.Stdout.Trim());

        var inspect = await Run(null, "inspect", $"{host}/docker-local/team/app:1.0", "--output", "json");
        Assert.True(inspect.Code == 0, inspect.Stderr);
        var inspected = JsonDocument.Parse(inspect.Stdout).RootElement;
        Assert.Equal(world.Image.Digest, inspected.GetProperty("digest").GetString());
        Assert.Equal($"{host}/docker-local/team/app", inspected.GetProperty("name").GetString());

        var copy = await Run(null, "copy", $"{host}/docker-local/team/app:1.0", $"{host}/docker-local/team/copied:2.0");
        Assert.True(copy.Code == 0, copy.Stdout + copy.Stderr);
        // The copy landed in the registry behind the prefix, under the name the API knows.
        var copied = JsonDocument.Parse(await Skopeo.InspectAsync($"docker://{world.Open.Host}/team/copied:2.0"));
        Assert.Equal(world.Image.Digest, copied.RootElement.GetProperty("Digest").GetString());

        var repos = await Run(null, "repos", "jfrog");
        Assert.True(repos.Code == 0, repos.Stderr);
        Assert.Contains("docker-local/team/app", repos.Stdout.Split('\n', StringSplitOptions.TrimEntries));

        var resolve = await Run(null, "registries", "resolve", $"{host}/docker-local/team/app:1.0", "--output", "json");
        Assert.True(resolve.Code == 0, resolve.Stderr);
        Assert.Equal("jfrog", JsonDocument.Parse(resolve.Stdout).RootElement.GetProperty("connection").GetString());

        var helper = await Run(host, "credential-helper", "get");
        Assert.True(helper.Code == 0, helper.Stderr);
        var answer = JsonDocument.Parse(helper.Stdout).RootElement;
        Assert.Equal("deployer", answer.GetProperty("Username").GetString());
        Assert.Equal(password, answer.GetProperty("Secret").GetString());

        // Nothing went to the host's own /v2/ once the connection was saved, and every registry call was under the prefix.
        Assert.All(world.Jfrog.RequestLog.Where(l => l.Contains("/team/", StringComparison.Ordinal)),
            l => Assert.Contains($"/{ProviderWorld.JfrogPrefix}/v2/team/", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_detects_an_api_under_the_url_path_when_the_host_root_answers_404()
    {
        var host = world.Proxy.Host;
        var connect = await Run(null, "connect", "generic", "--name", "proxied", "--url", $"{host}/{ProviderWorld.ProxyPrefix}");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);

        var show = JsonDocument.Parse((await Run(null, "registries", "show", "proxied", "--output", "json")).Stdout).RootElement;
        Assert.Equal(ProviderWorld.ProxyPrefix, show.GetProperty("apiPath").GetString());
        Assert.Equal("yes", show.GetProperty("capabilities").GetProperty("catalog").GetString());

        var tags = await Run(null, "tags", $"{host}/team/app");
        Assert.True(tags.Code == 0, tags.Stderr);
        Assert.Equal("1.0", tags.Stdout.Trim());
    }

    [Fact]
    public async Task An_explicit_api_path_is_checked_and_saved()
    {
        var bad = await Run(null, "connect", "generic", "--name", "bad", "--url", world.Proxy.Host, "--api-path", "../etc");
        Assert.Equal(2, bad.Code);
        Assert.Contains("API path '../etc' must be URL path segments", bad.Stderr, StringComparison.Ordinal);

        var good = await Run(null, "connect", "generic", "--name", "explicit", "--url", world.Proxy.Host, "--api-path", $"/{ProviderWorld.ProxyPrefix}/v2/");
        Assert.True(good.Code == 0, good.Stdout + good.Stderr);
        var show = JsonDocument.Parse((await Run(null, "registries", "show", "explicit", "--output", "json")).Stdout).RootElement;
        Assert.Equal(ProviderWorld.ProxyPrefix, show.GetProperty("apiPath").GetString());
        var inspect = await Run(null, "inspect", $"{world.Proxy.Host}/team/app:1.0", "--output", "json");
        Assert.True(inspect.Code == 0, inspect.Stderr);
        Assert.Equal(world.Image.Digest, JsonDocument.Parse(inspect.Stdout).RootElement.GetProperty("digest").GetString());
    }

    public void Dispose() => _home.Dispose();
}
