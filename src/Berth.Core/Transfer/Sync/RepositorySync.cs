using System.Diagnostics;
using Berth.References;

namespace Berth.Transfer.Sync;

/// <summary>
/// Mirrors repositories tag by tag, incrementally: for each tag it HEADs the manifest on both sides
/// and copies (with <see cref="ImageCopier"/>: blobs first, manifest last) only when the digests
/// differ, so a tag already mirrored costs one HEAD per side and nothing else.
/// </summary>
public sealed class RepositorySync
{
    private readonly SyncOptions _options;

    public RepositorySync(SyncOptions? options = null)
    {
        _options = options ?? new SyncOptions();
        if (_options.Jobs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Jobs, "Jobs must be at least 1");
        }
    }

    public async Task<SyncResult> SyncAsync(IReadOnlyList<SyncRepository> repositories, IProgress<SyncEvent>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var clock = Stopwatch.StartNew();
        var images = new List<SyncedImage>();
        var stopped = false;
        foreach (var repository in repositories)
        {
            List<string> references;
            try
            {
                references = await ReferencesAsync(repository, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailure(ex, cancellationToken))
            {
                var error = $"cannot list the tags of {repository.SourceName}: {ex.Message}";
                images.Add(new SyncedImage(repository.SourceName, repository.TargetName, null, SyncStatus.Failed, Error: error));
                progress?.Report(new SyncEvent(SyncEventKind.RepositoryFailed, repository.SourceName, repository.TargetName, Error: error));
                if (!_options.KeepGoing)
                {
                    stopped = true;
                    break;
                }

                continue;
            }

            progress?.Report(new SyncEvent(SyncEventKind.RepositoryStarted, repository.SourceName, repository.TargetName, Tags: references.Count));
            foreach (var reference in references)
            {
                var image = await SyncOneAsync(repository, reference, progress, cancellationToken).ConfigureAwait(false);
                images.Add(image);
                if (image.Status == SyncStatus.Failed && !_options.KeepGoing)
                {
                    stopped = true;
                    break;
                }
            }

            if (stopped)
            {
                break;
            }
        }

        return new SyncResult
        {
            Images = images,
            Repositories = repositories.Count,
            Elapsed = clock.Elapsed,
            DryRun = _options.DryRun,
            Stopped = stopped,
        };
    }

    /// <summary>The given references that pass the filter (digests always do), or the listed tags that do, sorted.</summary>
    private async Task<List<string>> ReferencesAsync(SyncRepository repository, CancellationToken ct)
    {
        var filter = repository.Filter ?? TagFilter.All;
        var references = new List<string>();
        if (repository.References is { } given)
        {
            foreach (var reference in given)
            {
                if (Digest.TryParse(reference, out _) || filter.IsMatch(reference))
                {
                    references.Add(reference);
                }
            }

            return references;
        }

        await foreach (var tag in repository.Source.ListTagsAsync(repository.SourceRepository, ct).ConfigureAwait(false))
        {
            // With referrers on, their tags travel with their subjects (a fallback index is merged there, never overwritten).
            if (filter.IsMatch(tag) && !(_options.Referrers && Referrers.ReferrerTags.IsReferrerTag(tag)))
            {
                references.Add(tag);
            }
        }

        // Registries list tags in storage order; a sorted walk makes runs (and their logs) comparable.
        references.Sort(StringComparer.Ordinal);
        return references;
    }

    private async Task<SyncedImage> SyncOneAsync(SyncRepository repository, string reference, IProgress<SyncEvent>? progress, CancellationToken ct)
    {
        var (source, target) = (repository.SourceName, repository.TargetName);
        try
        {
            Digest sourceDigest;
            if (Digest.TryParse(reference, out var pinned))
            {
                sourceDigest = pinned;
            }
            else
            {
                var head = await repository.Source.HeadManifestAsync(repository.SourceRepository, reference, ct).ConfigureAwait(false)
                    ?? throw new ImageNotFoundException($"{source}:{reference} does not exist at the source");
                sourceDigest = head.Digest;
            }

            var existing = await repository.Target.HeadManifestAsync(repository.TargetRepository, reference, ct).ConfigureAwait(false);
            // With referrers, an up-to-date tag still goes through the copier: signatures often arrive after the image.
            if (existing?.Digest == sourceDigest && !_options.Referrers)
            {
                progress?.Report(new SyncEvent(SyncEventKind.TagUpToDate, source, target, reference, sourceDigest.Value));
                return new SyncedImage(source, target, reference, SyncStatus.UpToDate, sourceDigest.Value);
            }

            if (existing is not null && !_options.Overwrite)
            {
                progress?.Report(new SyncEvent(SyncEventKind.TagKept, source, target, reference, existing.Digest.Value));
                return new SyncedImage(source, target, reference, SyncStatus.Kept, existing.Digest.Value,
                    Error: $"the destination's {reference} is {existing.Digest.Value}, not the source's {sourceDigest.Value}, and overwriting is off");
            }

            if (!_options.DryRun)
            {
                progress?.Report(new SyncEvent(SyncEventKind.TagStarted, source, target, reference, sourceDigest.Value));
            }

            var copier = new ImageCopier(
                RegistryImageEndpoint.Create(repository.Source, repository.SourceRepository, reference, repository.SourceHints),
                RegistryImageEndpoint.Create(repository.Target, repository.TargetRepository, reference, repository.TargetHints),
                new CopyOptions { Jobs = _options.Jobs, ChunkSize = _options.ChunkSize, DryRun = _options.DryRun, Referrers = _options.Referrers, Platform = _options.Platform });
            var result = await copier.CopyAsync(null, ct).ConfigureAwait(false);
            var digest = result.ManifestDigest?.Value ?? sourceDigest.Value;
            if (result.Images.Count > 0 && result.Images[0].UpToDate)
            {
                // The destination caught up between our HEAD and the copy (another sync ran).
                progress?.Report(new SyncEvent(SyncEventKind.TagUpToDate, source, target, reference, digest));
                return new SyncedImage(source, target, reference, SyncStatus.UpToDate, digest);
            }

            var status = _options.DryRun ? SyncStatus.WouldCopy : SyncStatus.Copied;
            progress?.Report(new SyncEvent(_options.DryRun ? SyncEventKind.TagWouldCopy : SyncEventKind.TagCopied, source, target, reference,
                digest, result.BytesCopied, result.Elapsed));
            return new SyncedImage(source, target, reference, status, digest, result.BytesCopied);
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            progress?.Report(new SyncEvent(SyncEventKind.TagFailed, source, target, reference, Error: ex.Message));
            return new SyncedImage(source, target, reference, SyncStatus.Failed, Error: ex.Message);
        }
    }

    /// <summary>Everything but the caller's own cancellation is a failure of this tag, reported and (with keep-going) passed over.</summary>
    private static bool IsFailure(Exception ex, CancellationToken ct) => !(ex is OperationCanceledException && ct.IsCancellationRequested);
}
