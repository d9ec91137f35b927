namespace Berth.Connections.Replication;

/// <summary>A policy as the API, CLI and dashboard show it: connections by name.</summary>
public sealed record ReplicationPolicyView(
    Guid Id,
    string Name,
    string SourceRegistry,
    IReadOnlyList<string>? Repositories,
    string? RepositoriesRegex,
    string? TagsRegex,
    string? Semver,
    IReadOnlyList<string>? Platforms,
    string DestinationRegistry,
    string DestinationNamespace,
    string? Cron,
    bool OnChange,
    bool Overwrite,
    bool DryRun,
    DateTimeOffset Created,
    string CreatedBy,
    bool Referrers = false);
