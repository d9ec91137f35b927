using Berth.Connections.Paging;
using Berth.Connections.PullSecrets;
using Berth.Connections.Storage;

namespace Berth.Connections.UseCases;

public sealed partial class PullSecretUseCases
{
    /// <summary>
    /// One page of the organization's targets by name, each with its connections' names (one lookup that reads no
    /// secret); no cluster token is decrypted (<see cref="PullSecretTarget.Token"/> is null and
    /// <see cref="PullSecretTarget.TokenProblem"/> says why).
    /// </summary>
    public async Task<Page<(PullSecretTarget Target, IReadOnlyList<string> Connections)>> ListPageAsync(Actor actor, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await store.ListPageAsync(actor.OrganizationId, page, cancellationToken).ConfigureAwait(false);
        var items = new List<(PullSecretTarget, IReadOnlyList<string>)>(rows.Items.Count);
        var names = connections.Store is IConnectionNameLookup lookup
            ? await lookup.ConnectionNamesAsync([.. rows.Items.SelectMany(t => t.Connections)], cancellationToken).ConfigureAwait(false)
            : null;
        foreach (var target in rows.Items)
        {
            items.Add((target, names is null
                ? await ConnectionNamesAsync(target, cancellationToken).ConfigureAwait(false)
                : [.. target.Connections.Where(names.ContainsKey).Select(id => names[id])]));
        }

        return new Page<(PullSecretTarget, IReadOnlyList<string>)>(items, rows.Next, rows.Previous);
    }
}
