using Berth.Content;
using Berth.References;

namespace Berth.Transfer;

/// <summary>A copy target that keeps referrers findable (a registry repository).</summary>
public interface IReferrerTarget
{
    /// <summary>
    /// Makes <paramref name="referrers"/> (already written) findable as referrers of <paramref name="subject"/>: nothing to do
    /// where the registry serves the referrers API (it indexes the <c>subject</c> field itself), else merged into the index
    /// under the fallback tag, keeping every entry already there. The digest of the fallback index written, or null when none was.
    /// </summary>
    Task<Digest?> AddReferrersAsync(Digest subject, IReadOnlyList<Descriptor> referrers, CancellationToken cancellationToken);
}
