using Berth.Connections.Copies;
using Berth.Connections.Providers;
using Berth.Content;
using Berth.References;
using Berth.Server.Hosting;
using Berth.Transfer;

namespace Berth.Server.Copies;

/// <summary>
/// Executes one stored copy job on this replica: progress saved every second, a cancel request in the store honoured
/// within a second. A copy interrupted by this server stopping is left running for the job engine to resume elsewhere;
/// the resumed copy skips the blobs already at the destination and writes the tag last, so it is cheap and never
/// leaves a tag pointing at missing content.
/// </summary>
internal sealed partial class CopyJobRunner(ServerStores stores, RegistryClientFactory clients, BerthServerOptions options, TimeProvider time, ILogger<CopyJobRunner> logger)
{
    public async Task ExecuteAsync(Guid id, CancellationToken cancellationToken)
    {
        var job = await stores.CopyJobs.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (job is null || job.Status is not ("queued" or "running"))
        {
            return;
        }

        var progress = new CopyJobProgress();
        if (job.CancelRequested)
        {
            await stores.CopyJobs.FinishAsync(id, "cancelled", time.GetUtcNow(), progress.Snapshot(), null, "cancelled on request", cancellationToken).ConfigureAwait(false);
            return;
        }

        await stores.CopyJobs.StartAsync(id, options.InstanceId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = WatchAsync(id, progress, stop, watching.Token);
        string status;
        string? digest = null, error = null;
        try
        {
            var source = await stores.Connections.GetConnectionAsync(job.SourceConnectionId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the source registry {job.SourceRegistry} was removed");
            var target = await stores.Connections.GetConnectionAsync(job.TargetConnectionId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the target registry {job.TargetRegistry} was removed");
            using var from = clients.Create(source);
            using var to = clients.Create(target);
            var copyOptions = new CopyOptions { Platform = job.Platform is { } p ? Platform.Parse(p) : null, AllTags = job.AllTags };
            var copier = new ImageCopier(
                RegistryImageEndpoint.For(from, ImageReference.Parse(job.Source), await clients.EndpointHintsAsync(source, cancellationToken).ConfigureAwait(false)),
                RegistryImageEndpoint.For(to, ImageReference.Parse(job.Target), await clients.EndpointHintsAsync(target, cancellationToken).ConfigureAwait(false)),
                copyOptions);
            var result = await copier.CopyAsync(progress, stop.Token).ConfigureAwait(false);
            status = "succeeded";
            digest = result.ManifestDigest?.Value;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // This server is stopping: the job engine hands the copy to another replica (or to this one's next start).
            throw;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            status = "cancelled";
            error = "cancelled on request";
        }
#pragma warning disable CA1031 // A job records every failure as its outcome; nothing above it could handle it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            status = "failed";
            error = e.Message;
            LogCopyFailed(logger, id, e.Message);
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await stores.CopyJobs.FinishAsync(id, status, time.GetUtcNow(), progress.Snapshot(), digest, error, cancellationToken).ConfigureAwait(false);
    }

    private async Task WatchAsync(Guid id, CopyJobProgress progress, CancellationTokenSource stop, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            await stores.CopyJobs.SaveProgressAsync(id, progress.Snapshot(), ct).ConfigureAwait(false);
            if ((await stores.CopyJobs.GetAsync(id, ct).ConfigureAwait(false))?.CancelRequested == true)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "copy job {Job} failed: {Reason}")]
    private static partial void LogCopyFailed(ILogger logger, Guid job, string reason);
}
