using Berth.Connections.Providers;

namespace Berth.Connections.Docker;

/// <summary>
/// What importing one docker config entry would create: a draft connection (validated by the caller with its
/// provider), or the reason the entry cannot be imported. <see cref="Notes"/> tell the user what was decided
/// for them (a type changed to generic, a credential that will expire).
/// </summary>
public sealed record ImportPlan
{
    /// <summary>The config key or helper URL the entry came from.</summary>
    public required string ServerKey { get; init; }

    /// <summary>Suggested connection name: the host, with the namespace path when the key has one.</summary>
    public required string Name { get; init; }

    /// <summary>The draft to validate, verify and save; null when <see cref="SkipReason"/> is set.</summary>
    public ConnectionDraft? Draft { get; init; }

    public string? SkipReason { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
