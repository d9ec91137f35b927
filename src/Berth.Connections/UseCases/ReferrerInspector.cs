using Berth.Distribution;
using Berth.Referrers;
using Berth.References;

namespace Berth.Connections.UseCases;

/// <summary>Lists an image's referrers, recursively, into a <see cref="ReferrerReport"/>, whoever holds the client.</summary>
public static class ReferrerInspector
{
    /// <param name="client">A client for the image's registry.</param>
    /// <param name="name">How the result names the image (canonical reference).</param>
    /// <param name="repository">Repository path within the registry.</param>
    /// <param name="reference">Tag or digest of the image.</param>
    /// <param name="artifactType">Only top-level referrers of this artifact type.</param>
    /// <param name="referrersApi">The capability probe's answer for the registry, when known; null tries the API.</param>
    /// <param name="cancellationToken">Cancels the registry requests.</param>
    public static async Task<ReferrerReport> ListAsync(RegistryClient client, string name, string repository, string reference, string? artifactType,
        bool? referrersApi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        Digest subject;
        if (!Digest.TryParse(reference, out subject))
        {
            var manifest = await client.GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false);
            subject = manifest.Digest;
        }

        var lister = new ReferrerLister(client, repository, referrersApi);
        var tree = await ReferrerTree.WalkAsync(lister, subject, string.IsNullOrWhiteSpace(artifactType) ? null : artifactType.Trim(), cancellationToken).ConfigureAwait(false);
        return new ReferrerReport
        {
            Name = name,
            Digest = subject.Value,
            ReferrersApi = tree.ViaApi,
            Truncated = tree.Truncated,
            Referrers = tree.Referrers.Select(Entry).ToList(),
        };
    }

    private static ReferrerEntry Entry(ReferrerNode node) => new()
    {
        Digest = node.Referrer.Digest,
        ArtifactType = node.Referrer.ArtifactType,
        MediaType = node.Referrer.Descriptor.MediaType,
        Size = node.Referrer.Descriptor.Size,
        Annotations = node.Referrer.Descriptor.Annotations,
        FoundVia = node.Referrer.Source switch
        {
            ReferrerSource.Api => "api",
            ReferrerSource.FallbackTag => "fallback-tag",
            _ => "cosign-tag",
        },
        Tag = node.Referrer.Tag,
        Referrers = node.Referrers.Select(Entry).ToList(),
    };
}
