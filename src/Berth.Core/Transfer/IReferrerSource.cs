using Berth.Referrers;
using Berth.References;

namespace Berth.Transfer;

/// <summary>A copy source that can say which manifests refer to a subject (a registry repository).</summary>
public interface IReferrerSource
{
    /// <summary>The referrers of <paramref name="subject"/>: API or fallback index, and cosign-style tags.</summary>
    Task<IReadOnlyList<Referrer>> ListReferrersAsync(Digest subject, CancellationToken cancellationToken);
}
