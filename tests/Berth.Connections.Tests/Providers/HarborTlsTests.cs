using Berth.Connections.Providers;
using Berth.Testing;
using Berth.Testing.Providers;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

/// <summary>
/// A self-hosted Harbor behind a private CA: its projects API is on the registry's host, so listing trusts the
/// connection's CA bundle exactly as the registry transport does, and nothing else.
/// </summary>
public sealed class HarborTlsTests
{
    private static readonly RegistryCredentials Robot = new("robot$ci", "Harbor-robot-secret-5521");

    [Fact]
    public async Task Harbor_api_over_tls_trusts_the_connections_ca_bundle_and_refuses_without_it()
    {
        using var dir = new TempDirectory("berth-harbor-tls");
        using var ca = TestCertificateAuthority.Create(dir.Combine("ca"));
        using var other = TestCertificateAuthority.Create(dir.Combine("other"), "Some Other CA");
        using var certificate = ca.IssueServerCertificate(dir.CreateSubdirectory("server"));
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = new Dictionary<string, string> { [Robot.Username] = Robot.Password } });
        var image = await TestImages.CreateAsync(dir.Combine("image"), "1.0", new TestImageSpec { LayerSize = 1024 });
        await RegistrySeeder.PushWithHttpAsync(image, registry, "library/hello", "1.0", Robot);
        await RegistrySeeder.PushWithHttpAsync(image, registry, "ci/tool", "1.0", Robot);
        await using var harbor = await FakeHarbor.StartAsync(registry, Robot, certificate: certificate.Certificate);
        Assert.Equal("https", harbor.BaseUri.Scheme);

        Connection Harbor(string? caBundle) =>
            Make("harbor", $"https://{harbor.Host}", [("username", Robot.Username)], [("password", Robot.Password)], ConnectionOptions.Default with { CaBundlePem = caBundle });
        var lister = new RepositoryLister(new RegistryClientFactory(ProviderContext.Default));

        Assert.Equal(["ci/tool", "library/hello"], (await ListAsync(lister, Harbor(ca.CaCertificatePem))).Order(StringComparer.Ordinal));
        Assert.True(harbor.ApiRequests > 0);

        // Without the bundle, or with another CA's, the system store decides: this certificate is not trusted there.
        var requests = harbor.ApiRequests;
        await Assert.ThrowsAnyAsync<Exception>(() => ListAsync(lister, Harbor(null)));
        await Assert.ThrowsAnyAsync<Exception>(() => ListAsync(lister, Harbor(other.CaCertificatePem)));
        Assert.Equal(requests, harbor.ApiRequests);
    }

    private static async Task<List<string>> ListAsync(RepositoryLister lister, Connection connection)
    {
        var result = new List<string>();
        await foreach (var repository in lister.ListAsync(connection, CancellationToken.None))
        {
            result.Add(repository);
        }

        return result;
    }
}
