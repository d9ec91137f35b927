using System.Text.Json;
using Berth.Connections.Providers;
using Berth.Testing.Dialects;
using Berth.Testing.Providers;

namespace Berth.Cli.Tests.Dialects;

/// <summary>The CLI against an ECR-like registry: Basic AWS, n over 1000 refused, pages of 100, 202 mounts, repositories created before pushes.</summary>
[Collection(EcrEndpointTests.Name)]
public sealed class EcrDialectTests(DialectWorld world) : IClassFixture<DialectWorld>
{
    [Fact]
    public async Task Connect_clamps_the_page_size_and_tags_inspect_copy_and_repos_work_a_push_to_a_missing_repository_says_how_to_create_it()
    {
        await using var api = await FakeEcr.StartAsync(TimeProvider.System);
        await using var ecr = await DialectServer.StartAsync(world.Registry, DialectProfiles.Ecr(FakeEcr.RegistryPassword));
        Environment.SetEnvironmentVariable(ProviderEndpoints.EcrVariable, api.Endpoint.ToString());
        try
        {
            using var cli = new DialectCli();
            var connect = await cli.RunWithInputAsync(FakeEcr.SecretAccessKey, "connect", "ecr", "--name", "aws", "--url", ecr.Host, "--region", "us-east-1",
                "--access-key-id", FakeEcr.AccessKeyId, "--secret-access-key-stdin", "--repositories", "team/app", "--paginate-size", "5000");
            Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
            var show = await cli.RunAsync("registries", "show", "aws", "--output", "json");
            Assert.Equal(1000, JsonDocument.Parse(show.Stdout).RootElement.GetProperty("paginateSize").GetInt32());
            Assert.False(JsonDocument.Parse(show.Stdout).RootElement.GetProperty("capabilities").GetProperty("mount").GetBoolean(), show.Stdout);

            var verify = await cli.RunAsync("registries", "verify", "aws");
            Assert.True(verify.Code == 0, verify.Stdout + verify.Stderr);

            var tags = await cli.RunAsync("tags", $"{ecr.Host}/team/many");
            Assert.True(tags.Code == 0, tags.Stderr);
            Assert.Equal(DialectWorld.ManyTags, tags.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains("GET /v2/team/many/tags/list?n=1000", ecr.RequestLog);
            Assert.Contains(ecr.RequestLog, r => r.StartsWith("GET /v2/team/many/tags/list?last=", StringComparison.Ordinal)); // ECR's pages of 100

            var inspect = await cli.RunAsync("inspect", $"{ecr.Host}/team/app:1.0");
            Assert.True(inspect.Code == 0, inspect.Stderr);
            Assert.Contains(world.Digest, inspect.Stdout, StringComparison.Ordinal);

            var refused = await cli.RunAsync("copy", $"{world.Outside.Host}/src/app:1.0", $"{ecr.Host}/fresh/app:1.0");
            Assert.Equal(1, refused.Code);
            Assert.Contains($"registry {ecr.Host} has no repository 'fresh/app'", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("aws ecr create-repository --repository-name fresh/app", refused.Stderr, StringComparison.Ordinal);

            ecr.CreateRepository("fresh/app");
            var copyIn = await cli.RunAsync("copy", $"{world.Outside.Host}/src/app:1.0", $"{ecr.Host}/fresh/app:1.0");
            Assert.True(copyIn.Code == 0, copyIn.Stderr);

            ecr.CreateRepository("fresh/mounted");
            var mounted = await cli.RunAsync("copy", $"{ecr.Host}/team/app:1.0", $"{ecr.Host}/fresh/mounted:1.0");
            Assert.True(mounted.Code == 0, mounted.Stderr);
            // The stored capabilities say mount: false (ECR opens an upload for every mount), so the copy sends the bytes without asking.
            Assert.Contains(ecr.RequestLog, r => r.StartsWith("POST /v2/fresh/mounted/blobs/uploads/", StringComparison.Ordinal));
            Assert.DoesNotContain(ecr.RequestLog, r => r.Contains("mount=", StringComparison.Ordinal));

            var copyOut = await cli.RunAsync("copy", $"{ecr.Host}/fresh/mounted:1.0", $"{world.Outside.Host}/out/ecr:1.0");
            Assert.True(copyOut.Code == 0, copyOut.Stderr);
            var copied = await cli.RunAsync("inspect", $"{world.Outside.Host}/out/ecr:1.0");
            Assert.Contains(world.Digest, copied.Stdout, StringComparison.Ordinal);

            var repos = await cli.RunAsync("repos", "aws");
            Assert.True(repos.Code == 0, repos.Stderr);
            Assert.Equal("team/app", repos.Stdout.Trim());
            Assert.DoesNotContain(FakeEcr.SecretAccessKey, cli.Transcript.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(FakeEcr.RegistryPassword, cli.Transcript.ToString(), StringComparison.Ordinal);
            cli.Save("ecr");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ProviderEndpoints.EcrVariable, null);
        }
    }

    [Fact]
    public async Task A_connection_with_create_repositories_creates_a_missing_repository_through_the_ECR_API_before_the_push()
    {
        await using var api = await FakeEcr.StartAsync(TimeProvider.System);
        await using var ecr = await DialectServer.StartAsync(world.Registry, DialectProfiles.Ecr(FakeEcr.RegistryPassword));
        api.Repositories = ecr;
        Environment.SetEnvironmentVariable(ProviderEndpoints.EcrVariable, api.Endpoint.ToString());
        try
        {
            using var plain = new DialectCli();
            var connect = await plain.RunWithInputAsync(FakeEcr.SecretAccessKey, "connect", "ecr", "--name", "aws", "--url", ecr.Host, "--region", "us-east-1",
                "--access-key-id", FakeEcr.AccessKeyId, "--secret-access-key-stdin", "--repositories", "team/app");
            Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
            var refused = await plain.RunAsync("copy", $"{world.Outside.Host}/src/app:1.0", $"{ecr.Host}/made/app:1.0");
            Assert.Equal(1, refused.Code);
            Assert.Contains($"registry {ecr.Host} has no repository 'made/app'", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("--create-repositories", refused.Stderr, StringComparison.Ordinal);
            Assert.Empty(api.CreateRepositoryCalls);

            using var cli = new DialectCli();
            connect = await cli.RunWithInputAsync(FakeEcr.SecretAccessKey, "connect", "ecr", "--name", "aws", "--url", ecr.Host, "--region", "us-east-1",
                "--access-key-id", FakeEcr.AccessKeyId, "--secret-access-key-stdin", "--repositories", "team/app", "--create-repositories");
            Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
            var show = await cli.RunAsync("registries", "show", "aws", "--output", "json");
            Assert.True(JsonDocument.Parse(show.Stdout).RootElement.GetProperty("createRepositories").GetBoolean(), show.Stdout);

            var copy = await cli.RunAsync("copy", $"{world.Outside.Host}/src/app:1.0", $"{ecr.Host}/made/app:1.0");
            Assert.True(copy.Code == 0, copy.Stderr);
            Assert.Equal(["made/app"], api.CreateRepositoryCalls);
            Assert.Empty(api.Rejections); // every call, CreateRepository included, carried a valid SigV4 signature
            Assert.Contains("made/app", ecr.CreatedRepositories);
            var copied = await cli.RunAsync("inspect", $"{ecr.Host}/made/app:1.0");
            Assert.Contains(world.Digest, copied.Stdout, StringComparison.Ordinal);

            // The repository exists now: ECR answers RepositoryAlreadyExistsException, which is success.
            var again = await cli.RunAsync("copy", $"{world.Outside.Host}/src/app:1.0", $"{ecr.Host}/made/app:2.0");
            Assert.True(again.Code == 0, again.Stderr);
            Assert.Equal(["made/app", "made/app"], api.CreateRepositoryCalls);
            Assert.Equal(["RepositoryAlreadyExistsException"], api.Rejections);

            // A sync within the registry: the destination is created first, and no mount is asked (stored mount: false).
            var sync = await cli.RunAsync("sync", $"{ecr.Host}/made/app", $"{ecr.Host}/synced/app");
            Assert.True(sync.Code == 0, sync.Stdout + sync.Stderr);
            Assert.Equal(["made/app", "made/app", "synced/app"], api.CreateRepositoryCalls);
            Assert.Contains(ecr.RequestLog, r => r.StartsWith("PUT /v2/synced/app/manifests/2.0", StringComparison.Ordinal));
            Assert.DoesNotContain(ecr.RequestLog, r => r.Contains("mount=", StringComparison.Ordinal));
            Assert.DoesNotContain(FakeEcr.SecretAccessKey, cli.Transcript.ToString(), StringComparison.Ordinal);
            plain.Save("ecr-create-repositories-off");
            cli.Save("ecr-create-repositories");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ProviderEndpoints.EcrVariable, null);
        }
    }

    [Fact]
    public async Task A_page_size_the_registry_refuses_with_UNSUPPORTED_falls_back_to_its_own_paging()
    {
        await using var ecr = await DialectServer.StartAsync(world.Registry, DialectProfiles.Ecr("pw"));
        using var cli = new DialectCli();
        var connect = await cli.RunWithInputAsync("pw", "connect", "generic", "--name", "big-pages", "--url", ecr.Host,
            "--username", "AWS", "--password-stdin", "--paginate-size", "5000");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);

        var tags = await cli.RunAsync("tags", $"{ecr.Host}/team/many");
        Assert.True(tags.Code == 0, tags.Stderr);
        Assert.Equal(DialectWorld.ManyTags, tags.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("GET /v2/team/many/tags/list?n=5000", ecr.RequestLog);
        Assert.Contains("GET /v2/team/many/tags/list", ecr.RequestLog);
        cli.Save("ecr-unsupported-page-size");
    }
}

/// <summary>Tests that point <c>BERTH_TEST_ENDPOINTS_ECR</c> (process-wide) at a fake run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EcrEndpointTests
{
    public const string Name = "ECR endpoint variable";
}
