namespace Berth.Connections.Replication;

/// <summary>A policy as a front end hands it over (the API's JSON body, the CLI's flags); validated by the use case.</summary>
public sealed record ReplicationInput
{
    public string? Name { get; init; }

    public string? SourceRegistry { get; init; }

    public IReadOnlyList<string>? Repositories { get; init; }

    public string? RepositoriesRegex { get; init; }

    public string? TagsRegex { get; init; }

    public string? Semver { get; init; }

    public IReadOnlyList<string>? Platforms { get; init; }

    public string? DestinationRegistry { get; init; }

    public string? DestinationNamespace { get; init; }

    public string? Cron { get; init; }

    public bool? OnChange { get; init; }

    public bool? Overwrite { get; init; }

    public bool? DryRun { get; init; }

    public bool? Referrers { get; init; }
}
