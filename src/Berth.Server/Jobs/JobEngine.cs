using Berth.Connections.Storage;
using Quartz;

namespace Berth.Server.Jobs;

/// <summary>
/// The job engine: Quartz.NET with its ADO.NET job store in Berth's own database. On PostgreSQL the store is clustered,
/// so replicas sharing the database fire each trigger once and take over the recoverable work of a replica that
/// stops checking in; on SQLite one node owns the file. The tables come from Berth's migrations (0006); Quartz only
/// validates them.
/// </summary>
internal static class JobEngine
{
    public const string SchedulerName = "berth";

    public static IServiceCollection AddBerthJobs(this IServiceCollection services, BerthServerOptions options, DatabaseTarget database)
    {
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.InstanceId = options.InstanceId;
                s.IdleWaitTime = options.JobIdleWait;
                // Running copies and replication runs are told to stop on shutdown, so they are handed back for recovery.
                s.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            q.UseDefaultThreadPool(options.JobConcurrency);
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = "qrtz_";
                    o.StoreJobDataAsStrings = true;
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                    o.MisfireThreshold = options.JobMisfireThreshold;
                    // A copy or replication run cut short by a shutdown is handed back and resumed, not lost.
                    o.RecoverFiringsCancelledByShutdown = true;
                });
                if (database.Backend == StoreBackend.Postgres)
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.JobCheckinInterval;
                        c.CheckinMisfireThreshold = options.JobCheckinMisfireThreshold;
                    });
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }
            });
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = false;
            o.AwaitApplicationStarted = true;
        });
        services.AddHostedService<JobScheduleSetup>();
        return services;
    }
}
