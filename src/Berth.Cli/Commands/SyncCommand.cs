using System.CommandLine;
using System.Globalization;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Cli.Registry;
using Berth.Transfer.Sync;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth sync</c>: mirrors repositories and their tags, incrementally (a tag whose digest is already at the
/// destination costs one HEAD per side). Three forms:
/// <list type="bullet">
/// <item><c>berth sync --from CONN --to CONN [--prefix PATH]</c>: every repository the source connection lists.</item>
/// <item><c>berth sync SRC_REPO DST_REPO</c>: one repository (or one tag of it).</item>
/// <item><c>berth sync --config FILE.yaml --dest HOST[/NS]</c>: skopeo sync's YAML source format.</item>
/// </list>
/// </summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var source = new Argument<string?>("SRC_REPO") { Description = "Source repository (a tag or digest after it copies just that one)", Arity = ArgumentArity.ZeroOrOne };
        var destination = new Argument<string?>("DST_REPO") { Description = "Destination repository", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string?>("--from") { Description = "Saved connection to mirror every listed repository from" };
        var to = new Option<string?>("--to") { Description = "Saved connection to mirror into (its registry and namespace)" };
        var prefix = new Option<string?>("--prefix") { Description = "Path under the --to namespace to put the mirrored repositories in" };
        var config = new Option<FileInfo?>("--config") { Description = "skopeo-sync style YAML: registry → images / images-by-tag-regex / images-by-semver" };
        var dest = new Option<string?>("--dest") { Description = "With --config: destination registry and namespace, HOST[/NS]" };
        var tagsRegex = new Option<string?>("--tags-regex") { Description = "Copy only tags this regular expression matches (anchor with ^…$ for whole tags)" };
        var semver = new Option<string?>("--semver") { Description = "Copy only tags that are versions in this range, e.g. '>=1.2 <2', '^1.2', '~1.2.3', '1.x'" };
        var allTags = new Option<bool>("--all-tags") { Description = "Copy every tag (the default when no filter is given)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be copied (tags missing or different at the destination) without writing" };
        var keepGoing = new Option<bool>("--keep-going") { Description = "Continue past failed tags and repositories; list the failures at the end (exit 1 if any)" };
        var command = new Command("sync",
            "Mirror repositories and tags between registries, copying only tags whose digest differs at the destination")
        {
            source, destination, from, to, prefix, config, dest, tagsRegex, semver, allTags, dryRun, keepGoing, TransferOptions.Jobs, TransferOptions.Referrers,
        };
        RegistryAccessOptions.AddTo(command);
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var filter = Filter(ctx.Get(tagsRegex), ctx.Get(semver), ctx.Get(allTags));
            var jobs = ctx.Get(TransferOptions.Jobs);
            if (jobs is < 1 or > 64)
            {
                throw new UsageException($"--jobs must be between 1 and 64, got {jobs}");
            }

            var (src, dst, fromName, toName, configFile) = (ctx.Get(source), ctx.Get(destination), ctx.Get(from), ctx.Get(to), ctx.Get(config));
            var forms = (src is not null || dst is not null ? 1 : 0) + (fromName is not null || toName is not null ? 1 : 0) + (configFile is not null ? 1 : 0);
            if (forms != 1)
            {
                throw new UsageException("give one of: SRC_REPO DST_REPO, --from CONNECTION --to CONNECTION, or --config FILE.yaml --dest HOST[/NS]");
            }

            if (ctx.Get(prefix) is not null && fromName is null)
            {
                throw new UsageException("--prefix goes with --from/--to");
            }

            if (ctx.Get(dest) is not null && configFile is null)
            {
                throw new UsageException("--dest goes with --config (with SRC_REPO DST_REPO, the destination is DST_REPO)");
            }

            SyncConfig? parsed = null;
            if (configFile is not null)
            {
                if (ctx.Get(dest) is null)
                {
                    throw new UsageException("--config needs --dest HOST[/NS]: where the repositories go");
                }

                if (!configFile.Exists)
                {
                    throw new UsageException($"--config {configFile.FullName}: file not found");
                }

                parsed = await SyncConfig.LoadAsync(configFile.FullName, ct).ConfigureAwait(false);
            }

            var access = await SyncAccess.OpenAsync(ctx, requireStore: fromName is not null, ct).ConfigureAwait(false);
            await using (access.ConfigureAwait(false))
            {
                List<SyncRepository> plan;
                if (parsed is not null)
                {
                    plan = await SyncPlanner.FromConfigAsync(access, parsed, ctx.Get(dest)!, filter, ct).ConfigureAwait(false);
                }
                else if (fromName is not null || toName is not null)
                {
                    if (fromName is null || toName is null)
                    {
                        throw new UsageException("--from and --to go together: name the source and the destination connection");
                    }

                    plan = await SyncPlanner.FromConnectionsAsync(access, fromName, toName, ctx.Get(prefix), filter, ct).ConfigureAwait(false);
                }
                else
                {
                    if (src is null || dst is null)
                    {
                        throw new UsageException("sync SRC_REPO DST_REPO needs both repositories");
                    }

                    plan = await SyncPlanner.FromReferencesAsync(access, src, dst, filter, ct).ConfigureAwait(false);
                }

                var options = new SyncOptions { DryRun = ctx.Get(dryRun), KeepGoing = ctx.Get(keepGoing), Jobs = jobs, Referrers = ctx.Get(TransferOptions.Referrers) };
                var result = await new RepositorySync(options).SyncAsync(plan, new SyncProgress(ctx.Out, ctx.Json), ct).ConfigureAwait(false);
                return Summarise(ctx, result);
            }
        });
        return command;
    }

    private static TagFilter Filter(string? regex, string? range, bool allTags)
    {
        if (allTags && (regex is not null || range is not null))
        {
            throw new UsageException("--all-tags copies every tag; drop it to filter with --tags-regex or --semver");
        }

        try
        {
            return new TagFilter(regex, range is null ? null : SemanticVersionRange.Parse(range));
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static int Summarise(CommandContext ctx, SyncResult result)
    {
        var failures = result.Failures.ToList();
        if (ctx.Json)
        {
            CliJson.WriteLine(ctx.Out, new SyncSummaryLine
            {
                Repositories = result.Repositories,
                Copied = result.Copied,
                UpToDate = result.UpToDate,
                WouldCopy = result.WouldCopy,
                Failed = result.Failed,
                Bytes = result.Bytes,
                Seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
                DryRun = result.DryRun,
                Stopped = result.Stopped,
                Failures = [.. failures.Select(f => new SyncFailureLine(f.Source, f.Target, f.Reference, f.Error ?? "failed"))],
            }, SyncJsonContext.Default.SyncSummaryLine);
        }
        else
        {
            var copied = result.DryRun ? $"{result.WouldCopy} to copy" : $"{result.Copied} copied";
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(result.DryRun ? "dry run: " : "")}{result.Repositories} {(result.Repositories == 1 ? "repository" : "repositories")}: {copied}, {result.UpToDate} up to date, {result.Failed} failed; {Bytes.Format(result.Bytes)} in {result.Elapsed.TotalSeconds:0.00} s"));
        }

        if (failures.Count == 0)
        {
            return ExitCodes.Ok;
        }

        foreach (var failure in failures)
        {
            ctx.Error.WriteLine($"berth: failed: {SyncProgress.Where(failure.Source, failure.Reference)}: {failure.Error}");
        }

        ctx.Error.WriteLine(result.Stopped
            ? "berth: sync stopped at the first failure; --keep-going continues past failures"
            : $"berth: {failures.Count} of {result.Images.Count} {(result.Images.Count == 1 ? "image" : "images")} failed to sync");
        return ExitCodes.Failed;
    }
}
