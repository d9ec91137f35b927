using System.Diagnostics;
using System.Security.Cryptography;
using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers.Fakes;
using Berth.Errors;
using Berth.Testing;
using Berth.Testing.Providers;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

/// <summary>Provider APIs and token endpoints are peers too: their replies are bounded in bytes and in time.</summary>
public sealed class ProviderReplyBoundsTests
{
    [Fact(Timeout = 60_000)]
    public async Task An_ecr_reply_that_never_ends_fails_at_the_reply_limit_naming_the_api()
    {
        await using var hostile = await HostileRegistry.StartAsync(HostileBehavior.None);
        var connection = Make("ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com/team", [("accessKeyId", FakeEcr.AccessKeyId)], [("secretAccessKey", FakeEcr.SecretAccessKey)]);
        var context = new ProviderContext { Endpoints = ProviderEndpoints.Public with { EcrOverride = hostile.EndlessEndpoint } };

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<ProviderCredentialException>(() => DeriveAsync(connection, context));

        Assert.Equal($"the ECR API at http://{hostile.Host} sent a reply larger than the 4 MiB limit; it is not answering as the ECR API should (check the endpoint)", error.Message);
        Assert.Equal(ErrorOrigin.ProviderApi, error.Origin);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_google_token_endpoint_that_stalls_fails_within_the_client_timeout()
    {
        await using var hostile = await HostileRegistry.StartAsync(HostileBehavior.None);
        using var key = RSA.Create(2048);
        var connection = Make("gcr", "gcr.io/my-project-123456", [("authMode", "accessToken")], [("keyJson", FakeGoogleOAuth.KeyJson(key))]);
        var context = new ProviderContext
        {
            HttpTimeout = TimeSpan.FromSeconds(2),
            Endpoints = ProviderEndpoints.Public with { GoogleToken = hostile.StallEndpoint },
        };

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ProviderCredentialException>(() => DeriveAsync(connection, context));

        Assert.Equal($"the Google OAuth token endpoint at http://{hostile.Host} did not finish its reply within 2 s", error.Message);
        Assert.Equal(ErrorCategory.Unreachable, error.Category);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(6));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_docker_hub_api_reply_that_never_ends_fails_at_the_reply_limit()
    {
        await using var hostile = await HostileRegistry.StartAsync(HostileBehavior.None);
        var lister = new RepositoryLister(new RegistryClientFactory(new ProviderContext
        {
            Endpoints = ProviderEndpoints.Public with { DockerHubApi = new Uri(hostile.EndlessEndpoint + "/") },
        }));
        var connection = Make("dockerhub", "docker.io", [("username", "someone")], [("password", "token-1234")]);

        var error = await Assert.ThrowsAsync<RepositoryListingException>(async () =>
        {
            await foreach (var _ in lister.ListAsync(connection, CancellationToken.None))
            {
            }
        });

        Assert.Equal($"the Docker Hub API at http://{hostile.Host} sent a reply larger than the 4 MiB limit; it is not answering as the Docker Hub API should (check the endpoint)", error.Message);
    }
}
