using Berth.Connections.Capabilities;
using Berth.Connections.Storage;

namespace Berth.Connections.Tests.Storage;

public abstract partial class ConnectionStoreContract
{
    private static readonly RegistryCapabilities Probed = new()
    {
        Auth = AuthSchemes.Bearer,
        TokenService = "https://auth.docker.io/token",
        Catalog = CatalogSupport.No,
        MaxPageSize = 1000,
        Mount = true,
        Delete = null,
        Referrers = false,
        RateLimit = new RateLimitCapability(100, 76, 21600),
    };

    [Fact]
    public async Task Capabilities_round_trip_are_replaced_and_go_with_their_connection()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var added = await Store.AddConnectionAsync(Sample(org.Id), default);
        var capabilities = Assert.IsAssignableFrom<ICapabilityStore>(Store);
        Assert.Null(await capabilities.GetCapabilitiesAsync(added.Id, default));

        await capabilities.SaveCapabilitiesAsync(added.Id, Probed, Start, default);
        Assert.Equal(Probed, await capabilities.GetCapabilitiesAsync(added.Id, default));

        var later = Probed with { Catalog = CatalogSupport.Empty, RateLimit = null, Delete = true };
        await capabilities.SaveCapabilitiesAsync(added.Id, later, Start.AddMinutes(5), default);
        Assert.Equal(later, await capabilities.GetCapabilitiesAsync(added.Id, default));

        await Assert.ThrowsAsync<ConnectionNotFoundException>(() => capabilities.SaveCapabilitiesAsync(Guid.NewGuid(), Probed, Start, default));
        Assert.True(await Store.RemoveConnectionAsync(added.Id, default));
        Assert.Null(await capabilities.GetCapabilitiesAsync(added.Id, default));
    }
}
