using Berth.References;

namespace Berth.Referrers;

/// <summary>
/// Walks referrers of referrers, depth-first, bounded: at most <see cref="MaxDepth"/> levels and <see cref="MaxReferrers"/>
/// in all, and each digest once (a referrer that refers back to something above it is a cycle, listed but not walked again).
/// </summary>
public static class ReferrerTree
{
    public const int MaxDepth = 8;

    public const int MaxReferrers = 10_000;

    /// <param name="lister">Lists one subject's referrers.</param>
    /// <param name="subject">The image's manifest digest.</param>
    /// <param name="artifactType">Only top-level referrers of this type; their own referrers are all listed.</param>
    /// <param name="cancellationToken">Cancels the registry requests.</param>
    public static async Task<ReferrerTreeResult> WalkAsync(ReferrerLister lister, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lister);
        var visited = new HashSet<string>(StringComparer.Ordinal) { subject.Value };
        var count = 0;
        var first = await lister.ListAsync(subject, artifactType, cancellationToken).ConfigureAwait(false);
        var nodes = await ChildrenAsync(first.Referrers, 1).ConfigureAwait(false);
        return new ReferrerTreeResult(nodes, first.ViaApi, count >= MaxReferrers);

        async Task<IReadOnlyList<ReferrerNode>> ChildrenAsync(IReadOnlyList<Referrer> referrers, int depth)
        {
            var result = new List<ReferrerNode>();
            foreach (var referrer in referrers)
            {
                if (++count > MaxReferrers)
                {
                    break;
                }

                IReadOnlyList<ReferrerNode> below = [];
                if (depth < MaxDepth && visited.Add(referrer.Digest) && Digest.TryParse(referrer.Digest, out var digest))
                {
                    var listing = await lister.ListAsync(digest, null, cancellationToken).ConfigureAwait(false);
                    below = await ChildrenAsync(listing.Referrers, depth + 1).ConfigureAwait(false);
                }

                result.Add(new ReferrerNode(referrer, below));
            }

            return result;
        }
    }
}
