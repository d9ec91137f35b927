using Berth.Connections;
using Berth.Server.Hosting;

namespace Berth.Server.Jobs;

/// <summary>Every connection of every organization, for the periodic jobs that look at all of them.</summary>
internal static class ConnectionSweep
{
    public static async Task<IReadOnlyList<Connection>> AllAsync(ServerStores stores, CancellationToken ct)
    {
        var all = new List<Connection>();
        foreach (var organization in await stores.Connections.ListOrganizationsAsync(ct).ConfigureAwait(false))
        {
            all.AddRange(await stores.Connections.ListConnectionsAsync(organization.Id, ct).ConfigureAwait(false));
        }

        return all;
    }
}
