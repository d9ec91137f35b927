using System.CommandLine;
using System.Globalization;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Cli.Registry;
using Berth.Connections.UseCases;
using Berth.References;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth referrers IMAGE [--artifact-type T]</c>: the signatures, SBOMs and attestations that refer to an image, through the
/// registry's referrers API when it has one, else its fallback tag, plus cosign-style tags; each with its own referrers.
/// </summary>
internal static class ReferrersCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image reference, e.g. ghcr.io/org/app:1.0 or ...@sha256:..." };
        var artifactType = new Option<string?>("--artifact-type") { Description = "Only referrers of this artifact type, e.g. application/spdx+json" };
        var command = new Command("referrers",
            "List an image's signatures, SBOMs and attestations (OCI referrers API or fallback tag, and cosign-style tags), recursively")
        {
            image, artifactType,
        };
        RegistryAccessOptions.AddTo(command);
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var reference = ImageReference.Parse(ctx.Get(image)!);
            var access = await RegistryAccess.ForImageAsync(ctx, reference, ct).ConfigureAwait(false);
            await using var accessScope = access.ConfigureAwait(false);
            var report = await ReferrerInspector.ListAsync(access[0].Client, reference.Name, reference.Repository, reference.Reference, ctx.Get(artifactType),
                referrersApi: null, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, report, UseCaseJsonContext.Default.ReferrerReport);
            }
            else
            {
                Render(ctx.Out, report);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(TextWriter output, ReferrerReport report)
    {
        KeyValueList.Write(output,
        [
            new("name", report.Name),
            new("digest", report.Digest),
            new("found via", report.ReferrersApi ? "the registry's referrers API" : "fallback tag (the registry has no referrers API) and cosign-style tags"),
            new("referrers", report.Count.ToString(CultureInfo.InvariantCulture) + (report.Truncated ? " (listing stopped at its bound)" : "")),
        ]);
        if (report.Referrers.Count == 0)
        {
            return;
        }

        output.WriteLine();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var entry in report.Referrers)
        {
            Add(rows, entry, 0);
        }

        Columns.Write(output, ["DIGEST", "ARTIFACT TYPE", "SIZE", "FOUND VIA", "ANNOTATIONS"], rows);
    }

    private static void Add(List<IReadOnlyList<string>> rows, ReferrerEntry entry, int depth)
    {
        var annotations = entry.Annotations is { Count: > 0 } a
            ? string.Join(", ", a.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))
            : "";
        rows.Add([
            new string(' ', depth * 2) + (depth > 0 ? "└ " : "") + entry.Digest,
            entry.ArtifactType ?? entry.MediaType,
            Bytes.Format(entry.Size),
            entry.Tag is null ? entry.FoundVia : $"{entry.FoundVia} {entry.Tag}",
            annotations,
        ]);
        foreach (var child in entry.Referrers)
        {
            Add(rows, child, depth + 1);
        }
    }
}
