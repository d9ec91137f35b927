using System.Net;
using Berth.Content;
using Berth.Errors;
using Berth.Referrers;
using Berth.References;

namespace Berth.Transfer;

public sealed partial class RegistryImageEndpoint : IReferrerSource, IReferrerTarget
{
    private ReferrerLister? _lister;

    /// <summary>
    /// Whether the registry serves the referrers API, as the connection's capability probe recorded it; null (the default)
    /// detects it by trying the API once, a 404 meaning no.
    /// </summary>
    public bool? ReferrersApi { get; init; }

    private ReferrerLister Lister => _lister ??= new ReferrerLister(Client, Repository, ReferrersApi);

    public async Task<IReadOnlyList<Referrer>> ListReferrersAsync(Digest subject, CancellationToken cancellationToken)
    {
        var listing = await Lister.ListAsync(subject, null, cancellationToken).ConfigureAwait(false);
        return listing.Referrers;
    }

    public async Task<Digest?> AddReferrersAsync(Digest subject, IReadOnlyList<Descriptor> referrers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(referrers);
        if (Lister.ReferrersApi is null)
        {
            await Lister.ListAsync(subject, null, cancellationToken).ConfigureAwait(false);
        }

        if (Lister.ReferrersApi == true || referrers.Count == 0)
        {
            return null;
        }

        var tag = ReferrerTags.Fallback(subject);
        ManifestDocument? existing;
        try
        {
            existing = await Client.GetManifestAsync(Repository, tag, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            existing = null;
        }

        if (existing is not null && existing.Kind != ManifestKind.Index)
        {
            throw new TransferException(
                $"{Name}:{tag} should hold the index of referrers of {subject} but holds a {existing.MediaType}; Berth will not overwrite it — remove or rename that tag");
        }

        if (FallbackIndex.Merge(existing?.Index, referrers) is not { } merged)
        {
            return null;
        }

        var document = FallbackIndex.ToDocument(merged);
        return await Client.PutManifestAsync(Repository, tag, document.Bytes, document.MediaType, cancellationToken).ConfigureAwait(false);
    }
}
