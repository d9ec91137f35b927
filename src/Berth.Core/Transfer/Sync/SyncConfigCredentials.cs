namespace Berth.Transfer.Sync;

/// <summary>A username and password written in a sync config; <see cref="ToString"/> never shows the password.</summary>
public sealed record SyncConfigCredentials(string Username, string Password)
{
    public override string ToString() => $"{Username} (password set)";
}
