using Berth.Connections.Replication;
using Berth.Connections.Sync;
using Berth.Content;
using Berth.Transfer.Sync;

namespace Berth.Connections.UseCases;

/// <summary>
/// Executes one replication run: plans the mirror (<see cref="ConnectionMirror"/>, the same planning as
/// <c>berth sync --from --to</c>), syncs every image past failures, records counts as it goes and the result per image
/// at the end. A cancel request in the store stops it within a second, on whichever replica it runs. When the
/// cancellation token of <see cref="ExecuteAsync"/> fires (the server is stopping) the run is left
/// running for the job engine to hand to another replica, which resumes it cheaply: blobs and tags already at the
/// destination are skipped, and each tag is written after its content.
/// </summary>
public sealed class ReplicationRunner(IReplicationStore replications, ConnectionUseCases connections, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How often a running run saves its counts and looks for a cancel request.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Blobs copied at once within one image.</summary>
    public int Jobs { get; init; } = Berth.Transfer.CopyOptions.DefaultJobs;

    /// <returns>The run as it ended, or null when it (or its policy) no longer exists.</returns>
    public async Task<ReplicationRun?> ExecuteAsync(Guid runId, string replica, CancellationToken cancellationToken)
    {
        var run = await replications.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null || ReplicationRunStatus.IsFinished(run.Status))
        {
            return run;
        }

        var policy = await replications.GetPolicyAsync(run.PolicyId, cancellationToken).ConfigureAwait(false);
        if (policy is null)
        {
            return null;
        }

        if (run.CancelRequested)
        {
            await replications.FinishRunAsync(runId, ReplicationRunStatus.Cancelled, _time.GetUtcNow(), [], "cancelled before it started", cancellationToken).ConfigureAwait(false);
            return await replications.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        }

        await replications.StartRunAsync(runId, replica, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var progress = new RunProgress();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = WatchAsync(runId, progress, stop, watching.Token);
        string status;
        string? error = null;
        IReadOnlyList<ReplicationImage> images;
        try
        {
            var refused = await SyncAsync(policy, progress, stop.Token).ConfigureAwait(false);
            images = [.. refused, .. progress.Images()];
            status = images.Any(i => i.Status == ReplicationImageStatus.Failed) ? ReplicationRunStatus.Failed : ReplicationRunStatus.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server is stopping: the job engine hands the run to another replica (or to this one's next start).
            throw;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            images = progress.Images();
            status = ReplicationRunStatus.Cancelled;
            error = "cancelled on request";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            images = progress.Images();
            status = ReplicationRunStatus.Failed;
            error = e.Message;
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await replications.FinishRunAsync(runId, status, _time.GetUtcNow(), images, error, cancellationToken).ConfigureAwait(false);
        return await replications.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ReplicationImage>> SyncAsync(ReplicationPolicy policy, RunProgress progress, CancellationToken ct)
    {
        var store = connections.Store;
        var source = await store.GetConnectionAsync(policy.SourceConnectionId, ct).ConfigureAwait(false)
            ?? throw new UnknownReplicationException($"the source connection of replication policy '{policy.Name}' was removed; delete the policy or create it again");
        var destination = await store.GetConnectionAsync(policy.DestinationConnectionId, ct).ConfigureAwait(false)
            ?? throw new UnknownReplicationException($"the destination connection of replication policy '{policy.Name}' was removed; delete the policy or create it again");
        var d = policy.Definition;
        using var from = connections.Clients.Create(source);
        using var to = connections.Clients.Create(destination);
        var selection = new MirrorSelection(d.Repositories, ReplicationRules.RepositoriesRegexOf(d), d.DestinationNamespace, ReplicationRules.TagFilterOf(d));
        var plan = await ConnectionMirror.PlanAsync(connections.Clients, source, from, destination, to, selection, ct).ConfigureAwait(false);
        var options = new SyncOptions
        {
            KeepGoing = true,
            DryRun = d.DryRun,
            Overwrite = d.Overwrite,
            Referrers = d.Referrers,
            Jobs = Jobs,
            Platform = d.Platforms is [var platform] ? Platform.Parse(platform) : null,
        };
        await new RepositorySync(options).SyncAsync(plan.Repositories, progress, ct).ConfigureAwait(false);
        return plan.Refused.Select(RunProgress.ToImage).ToList();
    }

    private async Task WatchAsync(Guid runId, RunProgress progress, CancellationTokenSource stop, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval, _time);
        var saved = (-1, -1, -1);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            var counts = progress.Counts();
            if (counts != saved)
            {
                await replications.UpdateRunCountsAsync(runId, counts.Copied, counts.Unchanged, counts.Failed, ct).ConfigureAwait(false);
                saved = counts;
            }

            if ((await replications.GetRunAsync(runId, ct).ConfigureAwait(false))?.CancelRequested == true)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>Collects the sync's per-image events as they come (from the copier's threads).</summary>
    private sealed class RunProgress : IProgress<SyncEvent>
    {
        private readonly Lock _gate = new();
        private readonly List<ReplicationImage> _images = [];

        public void Report(SyncEvent value)
        {
            var status = value.Kind switch
            {
                SyncEventKind.TagCopied => ReplicationImageStatus.Copied,
                SyncEventKind.TagUpToDate => ReplicationImageStatus.Unchanged,
                SyncEventKind.TagWouldCopy => ReplicationImageStatus.WouldCopy,
                SyncEventKind.TagKept => ReplicationImageStatus.Kept,
                SyncEventKind.TagFailed or SyncEventKind.RepositoryFailed => ReplicationImageStatus.Failed,
                _ => null,
            };
            if (status is null)
            {
                return;
            }

            lock (_gate)
            {
                _images.Add(new ReplicationImage(value.Source, value.Target, value.Reference, status, value.Digest, value.Bytes,
                    value.Kind == SyncEventKind.TagKept ? "the destination has a different image under this tag and overwriting is off" : value.Error));
            }
        }

        public IReadOnlyList<ReplicationImage> Images()
        {
            lock (_gate)
            {
                return [.. _images];
            }
        }

        public (int Copied, int Unchanged, int Failed) Counts()
        {
            lock (_gate)
            {
                return (_images.Count(i => i.Status is ReplicationImageStatus.Copied or ReplicationImageStatus.WouldCopy),
                    _images.Count(i => i.Status is ReplicationImageStatus.Unchanged or ReplicationImageStatus.Kept),
                    _images.Count(i => i.Status == ReplicationImageStatus.Failed));
            }
        }

        public static ReplicationImage ToImage(SyncedImage image) =>
            new(image.Source, image.Target, image.Reference, ReplicationImageStatus.Failed, image.Digest, image.Bytes, image.Error);
    }
}
