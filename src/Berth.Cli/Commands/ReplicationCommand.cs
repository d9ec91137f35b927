using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Berth.Cli.Json;
using Berth.Cli.Remote;
using Berth.Connections.Replication;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth replication create|list|run|runs|cancel|delete</c>: replication policies on a Berth server (their runs live
/// in its job engine), through its REST API; the server's use cases validate, audit and answer.
/// </summary>
internal static class ReplicationCommand
{
    private static readonly Option<string?> Server = new("--server") { Description = $"Berth server URL (default ${ServerApi.ServerVariable})" };
    private static readonly Option<string?> Token = new("--token") { Description = $"API token (default ${ServerApi.TokenVariable})" };

    public static Command Create()
    {
        var command = new Command("replication", "Replication policies on a Berth server: mirror repositories between connections on demand, on a schedule or on change")
        {
            CreateCommand(), ListCommand(), RunCommand(), RunsCommand(), CancelCommand(), DeleteCommand(),
        };
        return command;
    }

    private static Command CreateCommand()
    {
        var name = new Argument<string>("NAME") { Description = "Policy name" };
        var from = new Option<string>("--from") { Description = "Source connection", Required = true };
        var repositories = new Option<string?>("--repositories") { Description = "Comma-separated source repositories (default: every repository the source lists)" };
        var repositoriesRegex = new Option<string?>("--repositories-regex") { Description = "Only repositories this regular expression matches" };
        var tagsRegex = new Option<string?>("--tags-regex") { Description = "Only tags this regular expression matches" };
        var semver = new Option<string?>("--semver") { Description = "Only tags that are versions in this range, e.g. '>=1.2 <2'" };
        var platform = new Option<string?>("--platform") { Description = "Copy only this platform out of multi-platform images, e.g. linux/amd64" };
        var to = new Option<string>("--to") { Description = "Destination connection", Required = true };
        var ns = new Option<string?>("--namespace") { Description = "Destination namespace: each repository lands at NAMESPACE/REPOSITORY" };
        var cron = new Option<string?>("--cron") { Description = "Quartz cron schedule, seconds first, e.g. '0 0/15 * * * ?'" };
        var onChange = new Option<bool>("--on-change") { Description = "Run when the tag-cache refresh sees a new tag at the source" };
        var noOverwrite = new Option<bool>("--no-overwrite") { Description = "Keep destination tags that point at a different image" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Runs report what they would copy without writing" };
        var referrers = new Option<bool>("--referrers") { Description = "Copy each image's referrers (signatures, SBOMs, attestations) and cosign-style tags with it" };
        var create = new Command("create", "Create a replication policy")
        {
            name, from, repositories, repositoriesRegex, tagsRegex, semver, platform, to, ns, cron, onChange, noOverwrite, dryRun, referrers, Server, Token,
        };
        CommandRunner.SetAction(create, async (ctx, ct) =>
        {
            var input = new ReplicationInput
            {
                Name = ctx.Get(name),
                SourceRegistry = ctx.Get(from),
                Repositories = ctx.Get(repositories)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                RepositoriesRegex = ctx.Get(repositoriesRegex),
                TagsRegex = ctx.Get(tagsRegex),
                Semver = ctx.Get(semver),
                Platforms = ctx.Get(platform) is { } p ? [p] : null,
                DestinationRegistry = ctx.Get(to),
                DestinationNamespace = ctx.Get(ns),
                Cron = ctx.Get(cron),
                OnChange = ctx.Get(onChange),
                Overwrite = !ctx.Get(noOverwrite),
                DryRun = ctx.Get(dryRun),
                Referrers = ctx.Get(referrers),
            };
            using var api = ServerApi.Open(ctx.Get(Server), ctx.Get(Token));
            var body = JsonSerializer.Serialize(input, ReplicationJsonContext.Default.ReplicationInput);
            var policy = await api.SendAsync(HttpMethod.Post, "api/v1/replications", body, ReplicationJsonContext.Default.ReplicationPolicyView, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, policy, ReplicationJsonContext.Default.ReplicationPolicyView);
            }
            else
            {
                ctx.Out.WriteLine($"created replication policy {policy.Name}: {Describe(policy)}");
            }

            return ExitCodes.Ok;
        });
        return create;
    }

    private static Command ListCommand()
    {
        var list = new Command("list", "List the organization's replication policies") { Server, Token };
        CommandRunner.SetAction(list, async (ctx, ct) =>
        {
            using var api = ServerApi.Open(ctx.Get(Server), ctx.Get(Token));
            var policies = await api.GetAllPagesAsync("api/v1/replications?limit=1000", ReplicationJsonContext.Default.ListReplicationPolicyView, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, policies, ReplicationJsonContext.Default.ListReplicationPolicyView);
            }
            else if (policies.Count == 0)
            {
                ctx.Out.WriteLine("no replication policies");
            }
            else
            {
                foreach (var policy in policies)
                {
                    ctx.Out.WriteLine($"{policy.Name}\t{Describe(policy)}");
                }
            }

            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command RunCommand()
    {
        var name = new Argument<string>("NAME") { Description = "Policy name" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run until it ends; exit 1 when it failed or was cancelled" };
        var run = new Command("run", "Queue a run of a policy now and print its id") { name, wait, Server, Token };
        CommandRunner.SetAction(run, async (ctx, ct) =>
        {
            using var api = ServerApi.Open(ctx.Get(Server), ctx.Get(Token));
            var policy = Uri.EscapeDataString(ctx.Get(name)!);
            var started = await api.SendAsync(HttpMethod.Post, $"api/v1/replications/{policy}/run", "{}", ReplicationJsonContext.Default.ReplicationRunView, ct).ConfigureAwait(false);
            if (!ctx.Get(wait))
            {
                Print(ctx, started);
                return ExitCodes.Ok;
            }

            if (!ctx.Json)
            {
                ctx.Out.WriteLine($"run {started.Id:D} queued; following it");
            }

            var current = started;
            var shown = (-1, -1, -1);
            while (current.Status is ReplicationRunStatus.Queued or ReplicationRunStatus.Running)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                current = await api.SendAsync(HttpMethod.Get, $"api/v1/replications/{policy}/runs/{started.Id:D}", null, ReplicationJsonContext.Default.ReplicationRunView, ct).ConfigureAwait(false);
                if (!ctx.Json && (current.Copied, current.Unchanged, current.Failed) != shown)
                {
                    shown = (current.Copied, current.Unchanged, current.Failed);
                    ctx.Out.WriteLine($"{current.Status}: {current.Copied} copied, {current.Unchanged} unchanged, {current.Failed} failed");
                }
            }

            Print(ctx, current);
            return current.Status == ReplicationRunStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return run;
    }

    private static Command RunsCommand()
    {
        var name = new Argument<string>("NAME") { Description = "Policy name" };
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first", DefaultValueFactory = _ => 20 };
        var runs = new Command("runs", "A policy's runs, newest first, with counts (and per-image results with --output json)") { name, limit, Server, Token };
        CommandRunner.SetAction(runs, async (ctx, ct) =>
        {
            using var api = ServerApi.Open(ctx.Get(Server), ctx.Get(Token));
            var path = string.Create(CultureInfo.InvariantCulture, $"api/v1/replications/{Uri.EscapeDataString(ctx.Get(name)!)}/runs?limit={ctx.Get(limit)}");
            var list = await api.SendAsync(HttpMethod.Get, path, null, ReplicationJsonContext.Default.ListReplicationRunView, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, list, ReplicationJsonContext.Default.ListReplicationRunView);
                return ExitCodes.Ok;
            }

            foreach (var run in list)
            {
                ctx.Out.WriteLine(Line(run));
                foreach (var failed in run.Images.Where(i => i.Status == ReplicationImageStatus.Failed))
                {
                    ctx.Out.WriteLine($"    failed {failed.Source}{(failed.Tag is { } t ? ":" + t : "")}: {failed.Reason}");
                }
            }

            return ExitCodes.Ok;
        });
        return runs;
    }

    private static Command CancelCommand()
    {
        var name = new Argument<string>("NAME") { Description = "Policy name" };
        var id = new Argument<string>("RUN_ID") { Description = "Run id, as 'berth replication runs' shows it" };
        var cancel = new Command("cancel", "Cancel a queued or running run (from any replica)") { name, id, Server, Token };
        CommandRunner.SetAction(cancel, async (ctx, ct) =>
        {
            if (!Guid.TryParse(ctx.Get(id), out var runId))
            {
                throw new UsageException($"RUN_ID must be a run id like 0190c0de-..., got '{ctx.Get(id)}'");
            }

            using var api = ServerApi.Open(ctx.Get(Server), ctx.Get(Token));
            var run = await api.SendAsync(HttpMethod.Post, $"api/v1/replications/{Uri.EscapeDataString(ctx.Get(name)!)}/runs/{runId:D}/cancel", "{}",
                ReplicationJsonContext.Default.ReplicationRunView, ct).ConfigureAwait(false);
            Print(ctx, run);
            return ExitCodes.Ok;
        });
        return cancel;
    }

    private static Command DeleteCommand()
    {
        var name = new Argument<string>("NAME") { Description = "Policy name" };
        var delete = new Command("delete", "Delete a policy, its schedule and its run history") { name, Server, Token };
        CommandRunner.SetAction(delete, async (ctx, ct) =>
        {
            using var api = ServerApi.Open(ctx.Get(Server), ctx.Get(Token));
            await api.SendAsync(HttpMethod.Delete, $"api/v1/replications/{Uri.EscapeDataString(ctx.Get(name)!)}", ct).ConfigureAwait(false);
            if (!ctx.Json)
            {
                ctx.Out.WriteLine($"deleted replication policy {ctx.Get(name)}");
            }

            return ExitCodes.Ok;
        });
        return delete;
    }

    private static void Print(CommandContext ctx, ReplicationRunView run)
    {
        if (ctx.Json)
        {
            CliJson.Write(ctx.Out, run, ReplicationJsonContext.Default.ReplicationRunView);
        }
        else
        {
            ctx.Out.WriteLine(Line(run));
        }
    }

    private static string Line(ReplicationRunView run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Id:D}  {run.Status,-9}  {run.Trigger,-6}  {run.Created:yyyy-MM-dd HH:mm:ss}Z  {run.Copied} copied, {run.Unchanged} unchanged, {run.Failed} failed{(run.Error is { } e ? "  (" + e + ")" : "")}");

    private static string Describe(ReplicationPolicyView p)
    {
        var what = p.Repositories is { Count: > 0 } r ? string.Join(",", r) : p.RepositoriesRegex is { } x ? $"/{x}/" : "every repository";
        var when = p.Cron is { } c ? $"cron '{c}'" : p.OnChange ? "on change" : "manual";
        return $"{p.SourceRegistry} ({what}) -> {p.DestinationRegistry}/{p.DestinationNamespace}, {when}{(p.DryRun ? ", dry run" : "")}{(p.Referrers ? ", with referrers" : "")}";
    }
}
