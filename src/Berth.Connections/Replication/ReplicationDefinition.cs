namespace Berth.Connections.Replication;

/// <summary>What a replication policy copies and when (stored as JSON beside the policy's connections).</summary>
public sealed record ReplicationDefinition
{
    /// <summary>Repositories of the source (relative to its namespace); null or empty takes what the source lists.</summary>
    public IReadOnlyList<string>? Repositories { get; init; }

    public string? RepositoriesRegex { get; init; }

    public string? TagsRegex { get; init; }

    /// <summary>Semantic version range tags must fall in, e.g. <c>&gt;=1.2 &lt;2</c>.</summary>
    public string? Semver { get; init; }

    /// <summary>One platform (<c>os/arch[/variant]</c>) to take out of multi-platform images; empty copies them whole.</summary>
    public IReadOnlyList<string>? Platforms { get; init; }

    public string DestinationNamespace { get; init; } = "";

    /// <summary>Quartz cron expression (seconds first), e.g. <c>0 0 * * * ?</c>; null for no schedule.</summary>
    public string? Cron { get; init; }

    /// <summary>Run when the tag-cache refresh sees a new tag in one of the source's repositories.</summary>
    public bool OnChange { get; init; }

    /// <summary>Replace destination tags that point at a different image (else they are kept and reported).</summary>
    public bool Overwrite { get; init; } = true;

    /// <summary>Report what would be copied without writing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Copy each image's referrers (signatures, SBOMs, attestations) and cosign-style tags with it.</summary>
    public bool Referrers { get; init; }
}
