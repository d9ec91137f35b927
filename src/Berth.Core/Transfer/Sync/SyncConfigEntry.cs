namespace Berth.Transfer.Sync;

/// <summary>
/// One repository of a sync config: from <c>images</c> (<see cref="References"/>: tags and digests, or null for
/// every tag), <c>images-by-tag-regex</c> (<see cref="Filter"/> by regex) or <c>images-by-semver</c> (by range).
/// </summary>
public sealed record SyncConfigEntry(string Repository, IReadOnlyList<string>? References, TagFilter Filter);
