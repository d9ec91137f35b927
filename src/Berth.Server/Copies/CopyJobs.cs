using System.Collections.Concurrent;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Resolution;
using Berth.Content;
using Berth.References;
using Berth.Server.Auth;
using Berth.Server.Hosting;
using Berth.Transfer;

namespace Berth.Server.Copies;

/// <summary>
/// Registry-to-registry copies run in the background of this replica. Both sides must be registries the
/// caller's organization has connected (never an arbitrary URL), and both connections' credentials are used.
/// </summary>
internal sealed partial class CopyJobs(ServerStores stores, RegistryClientFactory clients, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<CopyJobs> logger)
{
    private const int Retained = 200;
    private readonly ConcurrentDictionary<Guid, CopyJob> _jobs = new();

    public CopyJobView? Find(Caller caller, Guid id) =>
        _jobs.TryGetValue(id, out var job) && job.OrganizationId == caller.OrganizationId ? job.View() : null;

    /// <summary>Copies not yet finished that read from or write to this connection.</summary>
    public IReadOnlyList<CopyJobView> Unfinished(Connection connection) =>
        _jobs.Values.Where(j => j.Uses(connection.Id)).Select(j => j.View()).Where(v => v.Finished is null).OrderBy(v => v.Created).ToList();

    public IReadOnlyList<CopyJobView> List(Caller caller) =>
        _jobs.Values.Where(j => j.OrganizationId == caller.OrganizationId).Select(j => j.View()).OrderByDescending(v => v.Created).ToList();

    /// <summary>One page of <see cref="List"/> (newest first, then by id).</summary>
    public Berth.Connections.Paging.Page<CopyJobView> ListPage(Caller caller, Berth.Connections.Paging.PageRequest page) =>
        Berth.Connections.Paging.Page.Of(
            List(caller).OrderByDescending(v => v.Created).ThenBy(v => v.Id.ToString("D"), StringComparer.Ordinal),
            page,
            Berth.Connections.Paging.PageLists.Copies,
            v => ((DateTimeOffset.MaxValue.UtcTicks - v.Created.UtcTicks).ToString("D20", System.Globalization.CultureInfo.InvariantCulture), v.Id.ToString("D")),
            (a, b) => a.Key != b.Key ? string.CompareOrdinal(a.Key, b.Key) : string.CompareOrdinal(a.Id, b.Id));

    /// <summary>Validates and starts a copy; field errors when the request cannot run.</summary>
    public async Task<(CopyJobView? Job, Dictionary<string, string[]>? Errors)> StartAsync(Caller caller, CopyRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var connections = await stores.Connections.ListConnectionsAsync(caller.OrganizationId, ct).ConfigureAwait(false);
        var source = Side("source", request.Source, connections, errors);
        var target = Side("target", request.Target, connections, errors);
        Platform? platform = null;
        if (!string.IsNullOrWhiteSpace(request.Platform))
        {
            try
            {
                platform = Platform.Parse(request.Platform);
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

        var job = new CopyJob(caller.OrganizationId, source!.Value.Image.Canonical, target!.Value.Image.Canonical, source.Value.Connection, target.Value.Connection, time.GetUtcNow());
        _jobs[job.Id] = job;
        Trim();
        foreach (var connection in new[] { source.Value.Connection, target.Value.Connection }.DistinctBy(c => c.Id))
        {
            await stores.Connections.AppendAuditAsync(caller.OrganizationId, caller.Actor, "image.copy", connection.Id,
                $"{connection.Name}: copy {job.View().Source} -> {job.View().Target} (job {job.Id:D})", ct).ConfigureAwait(false);
        }

        var options = new CopyOptions { Platform = platform, AllTags = request.AllTags ?? false };
        _ = Task.Run(() => RunAsync(job, source.Value, target.Value, options), CancellationToken.None);
        return (job.View(), null);
    }

    private async Task RunAsync(CopyJob job, (Connection Connection, ImageReference Image) source, (Connection Connection, ImageReference Image) target, CopyOptions options)
    {
        job.Start(time.GetUtcNow());
        try
        {
            using var from = clients.Create(source.Connection);
            using var to = clients.Create(target.Connection);
            var copier = new ImageCopier(RegistryImageEndpoint.For(from, source.Image), RegistryImageEndpoint.For(to, target.Image), options);
            var result = await copier.CopyAsync(job, lifetime.ApplicationStopping).ConfigureAwait(false);
            job.Succeed(time.GetUtcNow(), result);
        }
#pragma warning disable CA1031 // A job records every failure as its outcome; nothing above it could handle it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            job.Fail(time.GetUtcNow(), e is OperationCanceledException ? "the server stopped during the copy" : e.Message);
            LogCopyFailed(logger, job.Id, e.Message);
        }
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

    private void Trim()
    {
        foreach (var old in _jobs.Values.Select(j => j.View()).Where(v => v.Finished is not null).OrderByDescending(v => v.Created).Skip(Retained))
        {
            _jobs.TryRemove(old.Id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "copy job {Job} failed: {Reason}")]
    private static partial void LogCopyFailed(ILogger logger, Guid job, string reason);
}
