using Berth.Content;
using Berth.Errors;
using Berth.Referrers;
using Berth.References;

namespace Berth.Transfer;

/// <summary>
/// Referrers travel with the image (<see cref="CopyOptions.Referrers"/>): every manifest that refers to a copied manifest
/// (the image, or each platform's image of an index), and recursively what refers to those (a signature of an SBOM), is
/// copied byte for byte — blobs through the same blob path as the image's — before the image's tag is written, so a
/// reader who finds the tag finds its signatures too. Cosign-style tags are written under the same tag; referrers found
/// through the API or the fallback index are made findable at the target through <see cref="IReferrerTarget"/>.
/// </summary>
public sealed partial class ImageCopier
{
    /// <summary>Levels of referrers-of-referrers followed.</summary>
    private const int MaxReferrerDepth = 8;

    private int _referrers;
    private int _fallbackIndexes;

    /// <summary>Refuses before anything is copied when referrers are asked for and either side cannot hold them.</summary>
    private void CheckReferrerEndpoints()
    {
        if (!_options.Referrers)
        {
            return;
        }

        if (_source is not IReferrerSource)
        {
            throw new TransferException($"{_source.Name} cannot list referrers; copying referrers needs a registry source");
        }

        if (_target is not IReferrerTarget)
        {
            throw new TransferException($"{_target.Name} cannot hold referrers; copying referrers needs a registry destination");
        }
    }

    private async Task CopyReferrersAsync(ManifestDocument root, CancellationToken ct)
    {
        if (!_options.Referrers || _source is not IReferrerSource from || _target is not IReferrerTarget to)
        {
            return;
        }

        var subjects = new List<Digest> { root.Digest };
        if (root.Kind == ManifestKind.Index)
        {
            subjects.AddRange(root.Index!.Manifests.Select(DescriptorDigest.Of));
        }

        var expanded = new HashSet<string>(subjects.Select(s => s.Value), StringComparer.Ordinal);
        var written = new HashSet<(string, string?)>();
        var queue = new Queue<(Digest Subject, int Depth)>(subjects.Select(s => (s, 0)));
        while (queue.TryDequeue(out var item))
        {
            var listed = new List<Descriptor>();
            foreach (var referrer in await from.ListReferrersAsync(item.Subject, ct).ConfigureAwait(false))
            {
                var digest = DescriptorDigest.Of(referrer.Descriptor);
                if (written.Add((referrer.Digest, referrer.Tag)))
                {
                    await CopyReferrerAsync(referrer, digest, ct).ConfigureAwait(false);
                }

                if (referrer.Source != ReferrerSource.CosignTag)
                {
                    listed.Add(referrer.Descriptor);
                }

                if (item.Depth + 1 < MaxReferrerDepth && expanded.Add(referrer.Digest))
                {
                    queue.Enqueue((digest, item.Depth + 1));
                }
            }

            if (listed.Count > 0 && !_options.DryRun && await to.AddReferrersAsync(item.Subject, listed, ct).ConfigureAwait(false) is { } index)
            {
                Interlocked.Increment(ref _fallbackIndexes);
                Report(new TransferEvent(TransferEventKind.ManifestWritten, index.Value, 0, 0, MediaTypes.OciIndex, ReferrerTags.Fallback(item.Subject)));
            }
        }
    }

    /// <summary>One referrer, unless the target has it: its blobs, an index's children, then the manifest by digest (or under its cosign tag).</summary>
    private async Task CopyReferrerAsync(Referrer referrer, Digest digest, CancellationToken ct)
    {
        if (await _target.GetManifestDigestAsync(referrer.Tag ?? digest.Value, ct).ConfigureAwait(false) == digest)
        {
            // Already there (under its cosign tag, if it has one): its blobs are too, since manifests are written last.
            return;
        }

        var manifest = await _source.GetManifestAsync(digest.Value, ct).ConfigureAwait(false);
        if (manifest.Digest != digest)
        {
            throw new DigestMismatchException($"referrer {referrer.Digest} in {_source.Name}", referrer.Digest, manifest.Digest.Value);
        }

        var children = new List<ManifestDocument>();
        var blobs = new Dictionary<string, Descriptor>(StringComparer.Ordinal);
        await CollectAsync(manifest, children, blobs, depth: 0, ct).ConfigureAwait(false);
        await CopyBlobsAsync(blobs.Values, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _referrers);
        if (_options.DryRun)
        {
            return;
        }

        foreach (var child in children)
        {
            await _target.PutManifestAsync(child, null, root: false, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _manifests);
        }

        await _target.PutManifestAsync(manifest, referrer.Tag, root: false, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _manifests);
        Report(new TransferEvent(TransferEventKind.ManifestWritten, manifest.Digest.Value, manifest.Size, manifest.Size, manifest.MediaType,
            referrer.Tag ?? manifest.Digest.Value));
    }
}
