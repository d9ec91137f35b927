using Berth.Distribution;

namespace Berth.Transfer.Sync;

/// <summary>One repository to mirror: where from, where to, and which tags.</summary>
/// <param name="Source">Client of the source registry (not disposed by the sync).</param>
/// <param name="SourceRepository">Repository path at the source, e.g. <c>team/app</c>.</param>
/// <param name="Target">Client of the destination registry (not disposed by the sync).</param>
/// <param name="TargetRepository">Repository path at the destination.</param>
/// <param name="References">Tags or digests to copy; null copies every tag the source lists.</param>
/// <param name="Filter">Narrows the tags (listed or given); digests are never filtered.</param>
/// <param name="SourceHints">What the source connection's probe knows (referrers API); null: nothing.</param>
/// <param name="TargetHints">What the destination connection's probe knows (mounts, referrers API); null: nothing.</param>
public sealed record SyncRepository(
    RegistryClient Source,
    string SourceRepository,
    RegistryClient Target,
    string TargetRepository,
    IReadOnlyList<string>? References = null,
    TagFilter? Filter = null,
    EndpointHints? SourceHints = null,
    EndpointHints? TargetHints = null)
{
    public string SourceName => Source.Registry.Name + "/" + SourceRepository;

    public string TargetName => Target.Registry.Name + "/" + TargetRepository;
}
