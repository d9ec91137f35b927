using Berth.Connections.Paging;
using Berth.Connections.PullSecrets;

namespace Berth.Connections.UseCases;

public sealed partial class PullSecretUseCases
{
    /// <summary>
    /// One page of the organization's targets by name, each with its connections' names; no cluster token is decrypted
    /// (<see cref="PullSecretTarget.Token"/> is null and <see cref="PullSecretTarget.TokenProblem"/> says why).
    /// </summary>
    public async Task<Page<(PullSecretTarget Target, IReadOnlyList<string> Connections)>> ListPageAsync(Actor actor, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await store.ListPageAsync(actor.OrganizationId, page, cancellationToken).ConfigureAwait(false);
        var items = new List<(PullSecretTarget, IReadOnlyList<string>)>(rows.Items.Count);
        foreach (var target in rows.Items)
        {
            items.Add((target, await ConnectionNamesAsync(target, cancellationToken).ConfigureAwait(false)));
        }

        return new Page<(PullSecretTarget, IReadOnlyList<string>)>(items, rows.Next, rows.Previous);
    }
}
