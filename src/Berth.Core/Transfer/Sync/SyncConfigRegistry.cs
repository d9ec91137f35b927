namespace Berth.Transfer.Sync;

/// <summary>One source registry of a sync config and the repositories to mirror from it.</summary>
/// <param name="Registry">The registry as written: <c>host[:port]</c>, optionally with a namespace path.</param>
/// <param name="Entries">Repositories (relative to <paramref name="Registry"/>) and which of their tags to copy.</param>
/// <param name="TlsVerify">False to allow plain http and skip certificate checks; null when not written.</param>
/// <param name="CertDirectory">A directory whose <c>*.crt</c> files are trusted CA certificates for this registry.</param>
/// <param name="Credentials">Credentials written in the file; null lets the saved connection (or anonymous access) serve.</param>
public sealed record SyncConfigRegistry(
    string Registry,
    IReadOnlyList<SyncConfigEntry> Entries,
    bool? TlsVerify,
    string? CertDirectory,
    SyncConfigCredentials? Credentials);
