using System.Net;
using Berth.Content;
using Berth.Distribution;
using Berth.Errors;
using Berth.References;

namespace Berth.Referrers;

/// <summary>
/// Finds the referrers of a manifest in one repository: through the referrers API when the registry has it, else
/// through the fallback tag's index; plus cosign-style tags either way (cosign writes those whatever the registry
/// supports). Where the referrers API is concerned, <see cref="ReferrersApi"/> is the one decision: the connection's
/// capability probe when it is known, else detected by trying the API (a 404 means none) and remembered.
/// </summary>
public sealed class ReferrerLister
{
    private readonly RegistryClient _client;
    private readonly string _repository;

    /// <param name="client">A client for the repository's registry (not disposed here).</param>
    /// <param name="repository">The repository path.</param>
    /// <param name="referrersApi">What the capability probe recorded for the registry; null when not known.</param>
    public ReferrerLister(RegistryClient client, string repository, bool? referrersApi = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        _client = client;
        _repository = repository;
        ReferrersApi = referrersApi;
    }

    /// <summary>Whether the registry serves the referrers API: given, or learnt from the first listing; null until then.</summary>
    public bool? ReferrersApi { get; private set; }

    /// <summary>Lists the referrers of <paramref name="subject"/>, optionally only those of one artifact type.</summary>
    public async Task<ReferrerListing> ListAsync(Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        var found = new List<Referrer>();
        var viaApi = false;
        if (ReferrersApi != false)
        {
            var answer = await _client.GetReferrersAsync(_repository, subject, artifactType, cancellationToken).ConfigureAwait(false);
            ReferrersApi = answer is not null;
            if (answer is not null)
            {
                viaApi = true;
                found.AddRange(answer.Manifests.Select(d => new Referrer(d, ReferrerSource.Api)));
            }
        }

        if (!viaApi)
        {
            var index = await TryGetAsync(ReferrerTags.Fallback(subject), cancellationToken).ConfigureAwait(false);
            if (index?.Index is { } fallback)
            {
                found.AddRange(fallback.Manifests.Select(d => new Referrer(d, ReferrerSource.FallbackTag)));
            }
        }

        foreach (var tag in ReferrerTags.Cosign(subject))
        {
            if (await TryGetAsync(tag, cancellationToken).ConfigureAwait(false) is { } manifest)
            {
                found.Add(new Referrer(ReferrerDescriptor.For(manifest), ReferrerSource.CosignTag, tag));
            }
        }

        // Client-side filter: the fallback index and cosign tags are never filtered by the registry, nor is an API that says it did not.
        var unique = found
            .Where(r => artifactType is null || string.Equals(r.ArtifactType, artifactType, StringComparison.Ordinal))
            .DistinctBy(r => (r.Digest, r.Tag))
            .ToList();
        return new ReferrerListing(unique, viaApi);
    }

    /// <summary>A manifest by tag, null when the tag does not exist.</summary>
    private async Task<ManifestDocument?> TryGetAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetManifestAsync(_repository, tag, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
