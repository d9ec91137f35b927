namespace Berth.Server.Dashboard;

/// <summary>A line at the top of a page saying what just happened (after a redirect) or what went wrong.</summary>
public sealed record Notice(string Text, bool IsError = false, string? Detail = null)
{
    public static Notice? Error(string? text) => string.IsNullOrEmpty(text) ? null : new Notice(text, IsError: true);
}
