using System.Diagnostics;
using Berth.Content;
using Berth.Errors;
using Berth.References;

namespace Berth.Transfer;

/// <summary>
/// Copies images from any <see cref="IImageSource"/> to any <see cref="IImageTarget"/>: pull, push,
/// copy and archive import/export are all this one algorithm.
/// <list type="number">
/// <item>Read the manifest (and, for an index, every child manifest); <see cref="CopyOptions.Platform"/>
/// narrows an index to one image.</item>
/// <item>For every distinct blob: skip it when the target has it, mount it when the target can link
/// it from the source's registry, else stream it, up to <see cref="CopyOptions.Jobs"/> at once. Each
/// stream is digest-checked end to end and never buffered whole.</item>
/// <item>Only when every blob is in place, write child manifests, then the requested manifest under its
/// tag, byte for byte, so the digest at the target equals the source's.</item>
/// </list>
/// </summary>
public sealed partial class ImageCopier
{
    private readonly IImageSource _source;
    private readonly IImageTarget _target;
    private readonly CopyOptions _options;
    private IProgress<TransferEvent>? _progress;
    private int _copied;
    private int _skipped;
    private int _mounted;
    private long _bytes;
    private int _manifests;

    public ImageCopier(IImageSource source, IImageTarget target, CopyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        _source = source;
        _target = target;
        _options = options ?? new CopyOptions();
        if (_options.Jobs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Jobs, "Jobs must be at least 1");
        }
    }

    public async Task<CopyResult> CopyAsync(IProgress<TransferEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        _progress = progress;
        CheckReferrerEndpoints();
        var clock = Stopwatch.StartNew();
        var images = new List<CopiedImage>();
        if (_options.AllTags)
        {
            if (_target.Reference is not null && !Digest.TryParse(_target.Reference, out _) && _target.Reference != _source.Reference)
            {
                // A fixed target tag cannot receive every source tag.
                throw new TransferException($"copying all tags writes each source tag under the same name; drop the tag from the target {_target.Name}");
            }

            var tags = new List<string>();
            await foreach (var tag in _source.ListTagsAsync(cancellationToken).ConfigureAwait(false))
            {
                // With referrers on, their tags travel with their subjects: a fallback index is merged there, never overwritten.
                if (!(_options.Referrers && Referrers.ReferrerTags.IsReferrerTag(tag)))
                {
                    tags.Add(tag);
                }
            }

            if (tags.Count == 0)
            {
                throw new ImageNotFoundException($"{_source.Name} has no tags to copy");
            }

            foreach (var tag in tags)
            {
                images.Add(await CopyOneAsync(tag, tag, cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            var sourceReference = _source.Reference;
            var targetTag = _target.Reference ?? (sourceReference is not null && !Digest.TryParse(sourceReference, out _) ? sourceReference : null);
            images.Add(await CopyOneAsync(sourceReference, targetTag, cancellationToken).ConfigureAwait(false));
        }

        return new CopyResult
        {
            Images = images,
            BlobsCopied = _copied,
            BlobsSkipped = _skipped,
            BlobsMounted = _mounted,
            BytesCopied = _bytes,
            ManifestsWritten = _manifests,
            ReferrersCopied = _referrers,
            FallbackIndexesWritten = _fallbackIndexes,
            Elapsed = clock.Elapsed,
            DryRun = _options.DryRun,
        };
    }

    private async Task<CopiedImage> CopyOneAsync(string? sourceReference, string? targetReference, CancellationToken ct)
    {
        var root = await _source.GetManifestAsync(sourceReference, ct).ConfigureAwait(false);
        var wanted = _options.Platform ?? (_target.SupportsIndex ? null : _options.DefaultPlatform);
        if (root.Kind == ManifestKind.Index && wanted is not null)
        {
            root = await SelectPlatformAsync(root, wanted, ct).ConfigureAwait(false);
        }

        // A target named by digest must receive exactly that manifest.
        string? tag = targetReference;
        if (targetReference is not null && Digest.TryParse(targetReference, out var targetDigest))
        {
            if (targetDigest != root.Digest)
            {
                throw new TransferException($"the target names digest {targetDigest}, but the source manifest is {root.Digest}");
            }

            tag = null;
        }

        var shown = sourceReference ?? root.Digest.Value;
        Report(new TransferEvent(TransferEventKind.ImageStarted, root.Digest.Value, root.Size, 0, root.MediaType, tag ?? shown));
        if (tag is not null && await _target.GetManifestDigestAsync(tag, ct).ConfigureAwait(false) == root.Digest)
        {
            Report(new TransferEvent(TransferEventKind.ImageUpToDate, root.Digest.Value, root.Size, 0, root.MediaType, tag));
            await CopyReferrersAsync(root, ct).ConfigureAwait(false);
            return new CopiedImage(shown, tag, root.Digest, root.MediaType, UpToDate: true);
        }

        // A target that holds images only refuses an artifact before anything is written.
        (_target as IImageOnlyTarget)?.Admit(root);
        var children = new List<ManifestDocument>();
        var blobs = new Dictionary<string, Descriptor>(StringComparer.Ordinal);
        await CollectAsync(root, children, blobs, depth: 0, ct).ConfigureAwait(false);
        if (!_target.SupportsIndex && root.Kind != ManifestKind.Image)
        {
            throw new TransferException($"{_target.Name} holds a single image; {root.MediaType} cannot be written there");
        }

        await CopyBlobsAsync(blobs.Values, ct).ConfigureAwait(false);
        if (!_options.DryRun)
        {
            foreach (var child in children)
            {
                await _target.PutManifestAsync(child, null, root: false, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _manifests);
                Report(new TransferEvent(TransferEventKind.ManifestWritten, child.Digest.Value, child.Size, child.Size, child.MediaType));
            }

            // Referrers before the tag: whoever finds the tag finds its signatures.
            await CopyReferrersAsync(root, ct).ConfigureAwait(false);

            await _target.PutManifestAsync(root, tag, root: true, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _manifests);
            Report(new TransferEvent(TransferEventKind.ManifestWritten, root.Digest.Value, root.Size, root.Size, root.MediaType, tag ?? root.Digest.Value));
        }

        return new CopiedImage(shown, tag, root.Digest, root.MediaType, UpToDate: false);
    }

    private async Task<ManifestDocument> SelectPlatformAsync(ManifestDocument index, Platform wanted, CancellationToken ct)
    {
        var entries = index.Index!.Manifests;
        var match = entries.FirstOrDefault(m => m.Platform is not null && m.Platform.Matches(wanted))
            ?? throw new ImageNotFoundException(
                $"{_source.Name} has no image for platform {wanted}; it has: {string.Join(", ", entries.Select(m => m.Platform?.ToString() ?? "unknown"))}");
        var image = await _source.GetManifestAsync(match.Digest, ct).ConfigureAwait(false);
        if (image.Digest.Value != match.Digest)
        {
            throw new DigestMismatchException($"manifest for {wanted} in {_source.Name}", match.Digest, image.Digest.Value);
        }

        return image;
    }

    /// <summary>Walks an index's children (depth-first, children before parents) and gathers every blob.</summary>
    private async Task CollectAsync(ManifestDocument manifest, List<ManifestDocument> children, Dictionary<string, Descriptor> blobs,
        int depth, CancellationToken ct)
    {
        switch (manifest.Kind)
        {
            case ManifestKind.Image:
                var image = manifest.Image!;
                foreach (var blob in image.Layers.Prepend(image.Config))
                {
                    if (!ForeignLayerFetcher.IsForeign(blob))
                    {
                        DescriptorDigest.Of(blob);
                        blobs.TryAdd(blob.Digest, blob);
                    }
                }

                break;

            case ManifestKind.Index when depth < 4:
                foreach (var entry in manifest.Index!.Manifests)
                {
                    var child = await _source.GetManifestAsync(DescriptorDigest.Of(entry).Value, ct).ConfigureAwait(false);
                    if (child.Digest.Value != entry.Digest)
                    {
                        throw new DigestMismatchException($"manifest {entry.Digest} in {_source.Name}", entry.Digest, child.Digest.Value);
                    }

                    await CollectAsync(child, children, blobs, depth + 1, ct).ConfigureAwait(false);
                    if (children.All(c => c.Digest != child.Digest))
                    {
                        children.Add(child);
                    }
                }

                break;

            case ManifestKind.Index:
                throw new TransferException($"{_source.Name}: indexes are nested more than 4 deep");

            default:
                throw new TransferException(
                    $"{_source.Name} serves {manifest.Digest} as a Docker schema 1 manifest ({manifest.MediaType}); Berth does not copy schema 1 images: " +
                    "converting would change the digest and drop the signatures, and current registries refuse schema 1 pushes. " +
                    "Convert it once (skopeo copy --format v2s2 docker://SOURCE docker://TARGET) or rebuild and push it, then copy that");
        }
    }

    private async Task CopyBlobsAsync(IEnumerable<Descriptor> blobs, CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var gate = new SemaphoreSlim(_options.Jobs, _options.Jobs);
        Exception? first = null;
        // Largest first: the longest transfers start early, so the copy ends sooner.
        var tasks = blobs.OrderByDescending(b => b.Size).Select(async blob =>
        {
            await gate.WaitAsync(failed.Token).ConfigureAwait(false);
            try
            {
                await CopyBlobAsync(blob, failed.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The first real failure is the one to report; the rest are its cancellations.
                if (Interlocked.CompareExchange(ref first, ex, null) is null)
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                }

                throw;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch when (first is not null && !ct.IsCancellationRequested)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    private async Task CopyBlobAsync(Descriptor blob, CancellationToken ct)
    {
        if (await _target.HasBlobAsync(blob, ct).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _skipped);
            Report(new TransferEvent(TransferEventKind.BlobSkipped, blob.Digest, blob.Size, 0, blob.MediaType));
            return;
        }

        if (_options.DryRun)
        {
            Interlocked.Increment(ref _copied);
            Interlocked.Add(ref _bytes, blob.Size);
            Report(new TransferEvent(TransferEventKind.BlobDone, blob.Digest, blob.Size, blob.Size, blob.MediaType));
            return;
        }

        if (await _target.TryMountBlobAsync(blob, _source, ct).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _mounted);
            Report(new TransferEvent(TransferEventKind.BlobMounted, blob.Digest, blob.Size, 0, blob.MediaType));
            return;
        }

        Report(new TransferEvent(TransferEventKind.BlobStarted, blob.Digest, blob.Size, 0, blob.MediaType));
        for (var attempt = 1; ; attempt++)
        {
            var counting = new ProgressReadStream(await _source.OpenBlobAsync(blob, ct).ConfigureAwait(false), read =>
                Report(new TransferEvent(TransferEventKind.BlobProgress, blob.Digest, blob.Size, read, blob.MediaType)));
            try
            {
                await using (counting.ConfigureAwait(false))
                {
                    await _target.PutBlobAsync(blob, counting, _options.ChunkSize, ct).ConfigureAwait(false);
                }

                break;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && IsBrokenStream(counting.ReadFailure ?? ex))
            {
                // An upload that reads a failing source reports the failure as its own; the source's is the cause.
                var cause = counting.ReadFailure ?? ex;
                if (attempt >= Math.Max(1, _options.BlobAttempts))
                {
                    throw BrokenStream(blob, cause, attempt);
                }

                Report(new TransferEvent(TransferEventKind.BlobRetrying, blob.Digest, blob.Size, counting.BytesRead, blob.MediaType));
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct).ConfigureAwait(false);
            }
        }

        Interlocked.Increment(ref _copied);
        Interlocked.Add(ref _bytes, blob.Size);
        Report(new TransferEvent(TransferEventKind.BlobDone, blob.Digest, blob.Size, blob.Size, blob.MediaType));
    }

    /// <summary>
    /// Failures that a fresh try may not meet again: the connection dropped, the body ended early or arrived
    /// corrupted, or the registry lost the upload session after a broken chunk. Other HTTP error answers are
    /// not here: the client's retry policy already retried those. Nor is a stalled peer: it was already waited on for the
    /// whole stall timeout, and another try would wait as long again.
    /// </summary>
    private static bool IsBrokenStream(Exception ex) =>
        ex is IOException or HttpRequestException or RegistryUnreachableException { Stalled: false } or DigestMismatchException
        || (ex is RegistryException registry && (registry.HasCode(RegistryErrorCodes.BlobUploadInvalid)
            || registry.HasCode(RegistryErrorCodes.BlobUploadUnknown) || registry.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable));

    /// <summary>The last failure, said plainly: a digest mismatch stays one; a drop names the blob and both ends.</summary>
    private Exception BrokenStream(Descriptor blob, Exception cause, int attempts)
    {
        if (cause is DigestMismatchException or RegistryUnreachableException { InnerException: not HttpRequestException })
        {
            return cause;
        }

        var what = cause is RegistryUnreachableException unreachable
            ? $"sending it to {unreachable.Registry} broke off: {unreachable.Reason}"
            : $"reading it from {_source.Name} broke off: the connection dropped or the body ended early ({cause.Message})";
        return new TransferException($"blob {blob.Digest} was not copied to {_target.Name} after {attempts} {(attempts == 1 ? "try" : "tries")}: {what}", cause);
    }

    private void Report(TransferEvent e) => _progress?.Report(e);
}
