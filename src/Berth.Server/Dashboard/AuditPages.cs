using Berth.Connections.UseCases;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;
using Berth.Server.Dashboard.Pages;
using Berth.Server.Hosting;

namespace Berth.Server.Dashboard;

/// <summary>
/// The audit log (admin): filtered by registry, action and actor, newest first, 50 rows a page with cursors.
/// Every store and service call of the page is here.
/// </summary>
internal static class AuditPages
{
    public const int PageSize = 50;

    /// <summary>The actions Berth writes; the filter offers these.</summary>
    public static readonly IReadOnlyList<string> KnownActions =
    [
        "connection.create", "connection.update", "connection.rename", "connection.remove", "connection.verify",
        "credential.read", "image.copy", "token.create", "token.revoke",
    ];

    public static void MapAuditPages(this RouteGroupBuilder admin) => admin.MapGet("/audit", AuditAsync);

    private static async Task<IResult> AuditAsync(
        string? connection, string? action, string? actor, long? before, long? after,
        SignedInCaller caller, ConnectionUseCases service, TokenUseCases tokens, ServerStores stores, CancellationToken ct)
    {
        var filter = new AuditFilter(Blank(connection), Blank(action), Blank(actor));
        var connections = await service.ListAsync(caller.Value.ToActor(), ct);
        var names = connections.ToDictionary(c => c.Id, c => c.Name);
        var tokenList = await tokens.ListAsync(caller.Value.ToActor(), ct);
        var actors = tokenList
            .OrderByDescending(t => t.Created)
            .Select(t => ("token:" + t.Id.ToString("D"), ActorLabel(t)))
            .Append(("cli", "cli (local commands)"))
            .ToList();
        if (filter.Actor is { } wanted && actors.All(a => a.Item1 != wanted))
        {
            actors.Add((wanted, wanted));
        }

        var actions = KnownActions.ToList();
        if (filter.Action is { } wantedAction && !actions.Contains(wantedAction))
        {
            actions.Add(wantedAction);
        }

        var labels = tokenList.ToDictionary(t => "token:" + t.Id.ToString("D"), ActorLabel, StringComparer.Ordinal);
        var view = new AuditView(caller.Value, filter, [], null, null, connections.Select(c => c.Name).ToList(), actions, actors, null);
        Guid? connectionId = null;
        if (filter.Connection is { } name)
        {
            var match = connections.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return DashboardResults.Page<AuditLogPage, AuditView>(view with { Notice = Notice.Error($"There is no registry named '{name}'.") }, StatusCodes.Status404NotFound);
            }

            connectionId = match.Id;
        }

        var query = new AuditQuery
        {
            ConnectionId = connectionId,
            Action = filter.Action,
            Actor = filter.Actor,
            Before = after is null ? before : null,
            After = after,
            Limit = PageSize,
        };
        var page = await stores.Connections.QueryAuditAsync(caller.Value.OrganizationId, query, ct);
        var rows = page.Entries.Select(e => new AuditRow(
            e.Id, e.At, e.Actor, labels.GetValueOrDefault(e.Actor, e.Actor), e.Action, e.ConnectionId,
            e.ConnectionId is { } id ? names.GetValueOrDefault(id) : null, e.Detail)).ToList();
        return DashboardResults.Page<AuditLogPage, AuditView>(view with { Rows = rows, OlderCursor = page.OlderCursor, NewerCursor = page.NewerCursor });
    }

    private static string ActorLabel(ApiToken t) =>
        $"{t.Role.ToName()} token {Format.ShortId(t.Id)}" + (t.Description is { Length: > 0 } d ? $" ({d})" : "") + (t.IsRevoked ? " · revoked" : "");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
