using System.Globalization;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Transfer;
using Spectre.Console;

namespace Berth.Cli.Commands;

/// <summary>Runs one copy and reports it: JSON lines, progress bars on a terminal, or plain lines; then a summary.</summary>
internal static class TransferRunner
{
    public static async Task<int> RunAsync(CommandContext ctx, TransferLocation from, TransferLocation to, CopyOptions options, CancellationToken ct)
    {
        if (options.AllTags && from.Kind != TransferLocationKind.Registry && from.Kind != TransferLocationKind.OciLayout)
        {
            throw new UsageException("--all-tags needs a registry or OCI layout source");
        }

        if (options.AllTags && to.Kind == TransferLocationKind.DockerArchive)
        {
            throw new UsageException("--all-tags cannot write into a docker-archive, which holds one image");
        }

        if (options.Referrers && (from.Kind != TransferLocationKind.Registry || to.Kind != TransferLocationKind.Registry))
        {
            throw new UsageException("--referrers copies between registries: signatures and SBOMs are found by registry tags or its referrers API");
        }

        var endpoints = await TransferEndpoints.OpenAsync(ctx, from, to, options.DryRun, ct).ConfigureAwait(false);
        await using (endpoints.ConfigureAwait(false))
        {
            var result = await CopyAsync(ctx, endpoints, options, ct).ConfigureAwait(false);
            Summarise(ctx, endpoints, result);
        }

        return ExitCodes.Ok;
    }

    private static async Task<CopyResult> CopyAsync(CommandContext ctx, TransferEndpoints endpoints, CopyOptions options, CancellationToken ct)
    {
        var copier = new ImageCopier(endpoints.Source, endpoints.Target, options);
        CopyResult result;
        if (ctx.Json)
        {
            result = await copier.CopyAsync(new JsonLines(ctx.Out), ct).ConfigureAwait(false);
        }
        else if (ReferenceEquals(ctx.Out, Console.Out) && !Console.IsOutputRedirected)
        {
            var console = Terminal.For(ctx.Out);
            result = await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                .StartAsync(async progress =>
                {
                    var bars = new TransferProgressBars(progress);
                    var done = await copier.CopyAsync(bars, ct).ConfigureAwait(false);
                    bars.Complete();
                    return done;
                }).ConfigureAwait(false);
        }
        else
        {
            result = await copier.CopyAsync(new TransferLines(ctx.Out), ct).ConfigureAwait(false);
        }

        return result;
    }

    private static void Summarise(CommandContext ctx, TransferEndpoints endpoints, CopyResult result)
    {
        var mibPerSecond = Math.Round(result.BytesPerSecond / (1024 * 1024), 2);
        if (ctx.Json)
        {
            CliJson.WriteLine(ctx.Out, new TransferSummaryLine
            {
                Source = endpoints.Source.Name,
                Target = endpoints.Target.Name,
                Digest = result.ManifestDigest?.Value,
                Images = result.Images.Select(i => new TransferImageLine(i.SourceReference, i.TargetReference, i.Digest.Value, i.MediaType, i.UpToDate)).ToList(),
                BlobsCopied = result.BlobsCopied,
                ReferrersCopied = result.ReferrersCopied,
                FallbackIndexesWritten = result.FallbackIndexesWritten,
                BlobsSkipped = result.BlobsSkipped,
                BlobsMounted = result.BlobsMounted,
                ManifestsWritten = result.ManifestsWritten,
                Bytes = result.BytesCopied,
                Seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
                MibPerSecond = mibPerSecond,
                DryRun = result.DryRun,
            }, TransferJsonContext.Default.TransferSummaryLine);
            return;
        }

        var verb = result.DryRun ? "would copy" : "copied";
        foreach (var image in result.Images)
        {
            var where = image.TargetReference is { } tag ? $"{endpoints.Target.Name}:{tag}" : endpoints.Target.Name;
            ctx.Out.WriteLine(image.UpToDate
                ? $"{where} already at {image.Digest}"
                : result.DryRun ? $"{where} would get {image.Digest}" : $"{where} now at {image.Digest}");
        }

        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{verb} {result.BlobsCopied} blobs ({Bytes.Format(result.BytesCopied)}), skipped {result.BlobsSkipped}, mounted {result.BlobsMounted} in {result.Elapsed.TotalSeconds:0.00} s ({mibPerSecond:0.0} MiB/s)"));
        if (result.ReferrersCopied > 0 || result.FallbackIndexesWritten > 0)
        {
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verb} {result.ReferrersCopied} referrers; fallback tag indexes written: {result.FallbackIndexesWritten}"));
        }
    }

    /// <summary>Each progress event as one compact JSON line.</summary>
    private sealed class JsonLines(TextWriter output) : IProgress<TransferEvent>
    {
        private readonly Lock _lock = new();

        public void Report(TransferEvent value)
        {
            var line = new TransferEventLine(EventName(value.Kind), value.Digest, value.Size, value.Bytes, value.MediaType, value.Reference);
            lock (_lock)
            {
                CliJson.WriteLine(output, line, TransferJsonContext.Default.TransferEventLine);
            }
        }

        private static string EventName(TransferEventKind kind) => kind switch
        {
            TransferEventKind.ImageStarted => "image-started",
            TransferEventKind.ImageUpToDate => "image-up-to-date",
            TransferEventKind.BlobStarted => "blob-started",
            TransferEventKind.BlobProgress => "blob-progress",
            TransferEventKind.BlobDone => "blob-done",
            TransferEventKind.BlobSkipped => "blob-skipped",
            TransferEventKind.BlobMounted => "blob-mounted",
            TransferEventKind.BlobRetrying => "blob-retrying",
            _ => "manifest-written",
        };
    }
}
