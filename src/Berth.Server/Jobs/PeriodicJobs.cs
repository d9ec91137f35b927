using Quartz;

namespace Berth.Server.Jobs;

/// <summary>
/// The periodic jobs of the server and their schedule. Adding one is a subclass of <see cref="PeriodicJob"/> and one
/// line in <see cref="All"/>.
/// </summary>
internal static class PeriodicJobs
{
    public const string Group = "periodic";

    public sealed record Entry(string Name, Type Type, Func<BerthServerOptions, TimeSpan> Interval);

    public static IReadOnlyList<Entry> All { get; } =
    [
        new(CredentialRenewalJob.Name, typeof(CredentialRenewalJob), o => o.BackgroundInterval),
        new(HealthCheckJob.Name, typeof(HealthCheckJob), o => o.BackgroundInterval),
        new(ListingRefreshJob.Name, typeof(ListingRefreshJob), o => o.BackgroundInterval),
        new(PullSecretRefreshJob.Name, typeof(PullSecretRefreshJob), o => o.BackgroundInterval),
    ];

    /// <summary>
    /// Stores each job and its repeating trigger unless the store already holds one with the same interval: replicas
    /// starting at different moments must not reset a schedule the others follow. Triggers start on a whole multiple
    /// of their interval so every replica agrees on the slots.
    /// </summary>
    public static async Task EnsureScheduledAsync(IScheduler scheduler, BerthServerOptions options, TimeProvider time, CancellationToken ct)
    {
        foreach (var entry in All)
        {
            var interval = entry.Interval(options);
            var triggerKey = new TriggerKey(entry.Name, Group);
            var existing = await scheduler.GetTrigger(triggerKey, ct).ConfigureAwait(false);
            if (existing is ISimpleTrigger same && same.RepeatInterval == interval)
            {
                continue;
            }

            var job = JobBuilder.Create()
                .OfType(entry.Type)
                .WithIdentity(entry.Name, Group)
                .UsingJobData(PeriodicJob.IntervalKey, ((long)interval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .StoreDurably(true)
                .Build();
            var ms = (long)interval.TotalMilliseconds;
            var start = DateTimeOffset.FromUnixTimeMilliseconds((time.GetUtcNow().ToUnixTimeMilliseconds() / ms + 1) * ms);
            var trigger = TriggerBuilder.Create(time)
                .WithIdentity(triggerKey)
                .ForJob(job)
                .StartAt(start)
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            try
            {
                // Replace only a schedule with another interval: replacing one a replica stored a moment ago would start
                // at a slot that may already have fired there, and Quartz would fire it again.
                await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = existing is not null }, ct).ConfigureAwait(false);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another replica stored it first; its schedule is the one to follow.
            }
        }
    }

}
