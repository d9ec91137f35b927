using Berth.Connections;
using Berth.Connections.Copies;
using Berth.Connections.Paging;
using Berth.Connections.Resolution;
using Berth.Content;
using Berth.References;
using Berth.Server.Auth;
using Berth.Server.Hosting;
using Berth.Server.Jobs;
using Quartz;

namespace Berth.Server.Copies;

/// <summary>
/// Registry-to-registry copies as durable jobs: state, progress and outcome in the store (visible and cancellable from
/// any replica), executed by the job engine as a one-shot job that requests recovery, so a copy whose replica dies is
/// finished by another one. Both sides must be registries the caller's organization has connected (never an arbitrary
/// URL), and both connections' credentials are used.
/// </summary>
internal sealed class CopyJobs(ServerStores stores, ISchedulerFactory schedulers, TimeProvider time)
{
    public const string Group = "copy";
    public const string JobKey = "copy-job";

    public async Task<CopyJobView?> FindAsync(Caller caller, Guid id, CancellationToken ct) =>
        await stores.CopyJobs.GetAsync(id, ct).ConfigureAwait(false) is { } job && job.OrganizationId == caller.OrganizationId ? CopyJobView.Of(job) : null;

    /// <summary>Copies not yet finished that read from or write to this connection.</summary>
    public async Task<IReadOnlyList<CopyJobView>> UnfinishedAsync(Connection connection, CancellationToken ct) =>
        (await stores.CopyJobs.ListUnfinishedUsingAsync(connection.Id, ct).ConfigureAwait(false)).Select(CopyJobView.Of).ToList();

    /// <summary>One page of the organization's copies, newest first (then by id), read as a keyset page from the store.</summary>
    public async Task<Page<CopyJobView>> ListPageAsync(Caller caller, PageRequest page, CancellationToken ct)
    {
        var rows = await stores.CopyJobs.ListPageAsync(caller.OrganizationId, page, ct).ConfigureAwait(false);
        return new Page<CopyJobView>(rows.Items.Select(CopyJobView.Of).ToList(), rows.Next, rows.Previous);
    }

    /// <summary>Cancels a queued copy at once, or asks the replica running it to stop; null when there is no such job.</summary>
    public async Task<(CopyJobView? Job, bool Cancelled)> CancelAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (await FindAsync(caller, id, ct).ConfigureAwait(false) is not { } job)
        {
            return (null, false);
        }

        var cancelled = await stores.CopyJobs.RequestCancelAsync(id, time.GetUtcNow(), ct).ConfigureAwait(false);
        if (cancelled)
        {
            await stores.Connections.AppendAuditAsync(caller.OrganizationId, caller.Actor, "image.copy.cancel", null,
                $"copy {job.Source} -> {job.Target} (job {id:D}) cancelled", ct).ConfigureAwait(false);
        }

        return (await FindAsync(caller, id, ct).ConfigureAwait(false), cancelled);
    }

    /// <summary>Validates and queues a copy; field errors when the request cannot run.</summary>
    public async Task<(CopyJobView? Job, Dictionary<string, string[]>? Errors)> StartAsync(Caller caller, CopyRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var connections = await stores.Connections.ListConnectionsAsync(caller.OrganizationId, ct).ConfigureAwait(false);
        var source = Side("source", request.Source, connections, errors);
        var target = Side("target", request.Target, connections, errors);
        if (!string.IsNullOrWhiteSpace(request.Platform))
        {
            try
            {
                _ = Platform.Parse(request.Platform);
            }
            catch (FormatException e)
            {
                errors["platform"] = [e.Message];
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var record = new CopyJobRecord
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = caller.OrganizationId,
            Source = source!.Value.Image.Canonical,
            Target = target!.Value.Image.Canonical,
            SourceConnectionId = source.Value.Connection.Id,
            TargetConnectionId = target.Value.Connection.Id,
            SourceRegistry = source.Value.Connection.Name,
            TargetRegistry = target.Value.Connection.Name,
            Platform = string.IsNullOrWhiteSpace(request.Platform) ? null : request.Platform.Trim(),
            AllTags = request.AllTags ?? false,
            Status = "queued",
            Created = time.GetUtcNow(),
        };
        await stores.CopyJobs.CreateAsync(record, ct).ConfigureAwait(false);
        foreach (var connection in new[] { source.Value.Connection, target.Value.Connection }.DistinctBy(c => c.Id))
        {
            await stores.Connections.AppendAuditAsync(caller.OrganizationId, caller.Actor, "image.copy", connection.Id,
                $"{connection.Name}: copy {record.Source} -> {record.Target} (job {record.Id:D})", ct).ConfigureAwait(false);
        }

        var scheduler = await schedulers.GetScheduler(ct).ConfigureAwait(false);
        var job = JobBuilder.Create()
            .OfType<CopyJobRunJob>()
            .WithIdentity(record.Id.ToString("D"), Group)
            .WithDescription($"copy {record.Source} -> {record.Target}")
            .UsingJobData(JobKey, record.Id.ToString("D"))
            .RequestRecovery(true)
            .Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(record.Id.ToString("D"), Group)
            .ForJob(job)
            .StartAt(time.GetUtcNow())
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], default, ct).ConfigureAwait(false);
        return (CopyJobView.Of(record), null);
    }

    private static (Connection Connection, ImageReference Image)? Side(string field, string? text, IReadOnlyList<Connection> connections, Dictionary<string, string[]> errors)
    {
        if (!ImageReference.TryParse(text, out var image, out var error))
        {
            errors[field] = [string.IsNullOrWhiteSpace(text) ? $"the {field} image is required, e.g. registry.example.com/team/app:1.0" : error];
            return null;
        }

        var resolution = ConnectionResolver.Resolve(image, connections);
        if (resolution.Connection is null)
        {
            errors[field] = [$"no registry of this organization serves {image.Familiar}; connect it first"];
            return null;
        }

        return (resolution.Connection, image);
    }
}
