using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

/// <summary>One page of the audit log with the filters that chose it and the cursors of its neighbours.</summary>
public sealed record AuditView(
    Caller Caller,
    AuditFilter Filter,
    IReadOnlyList<AuditRow> Rows,
    long? OlderCursor,
    long? NewerCursor,
    IReadOnlyList<string> ConnectionNames,
    IReadOnlyList<string> Actions,
    IReadOnlyList<(string Actor, string Label)> Actors,
    Notice? Notice)
{
    /// <summary>This page's filters as a query string, with a cursor appended.</summary>
    public string Link(string? cursor = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(key + "=" + Format.Url(value));
            }
        }

        Add("connection", Filter.Connection);
        Add("action", Filter.Action);
        Add("actor", Filter.Actor);
        if (cursor is not null)
        {
            parts.Add(cursor);
        }

        return "/audit" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}

public sealed record AuditFilter(string? Connection, string? Action, string? Actor)
{
    public bool Any => !string.IsNullOrEmpty(Connection) || !string.IsNullOrEmpty(Action) || !string.IsNullOrEmpty(Actor);
}

/// <summary>An audit row with its connection's current name (null when the connection was removed) and a readable actor.</summary>
public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string ActorLabel, string Action, Guid? ConnectionId, string? ConnectionName, string? Detail);
