using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Cli.Registry;
using Berth.Content;
using Berth.Connections.UseCases;
using Berth.References;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth inspect IMAGE</c>: the manifest's digest and media type; for an index its platforms,
/// for an image its config, layers, total size (config + layers), created time, platform and labels.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image reference, e.g. nginx:1.27 or ghcr.io/org/app@sha256:..." };
        var platform = new Option<string?>("--platform") { Description = "For a multi-platform image, inspect this platform's image (os/arch[/variant])" };
        var command = new Command("inspect", "Show an image's digest, media type, platforms or layers, size, created time and labels") { image, platform };
        RegistryAccessOptions.AddTo(command);
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var reference = ImageReference.Parse(ctx.Get(image)!);
            Platform? wanted = null;
            if (ctx.Get(platform) is { } p)
            {
                try
                {
                    wanted = Platform.Parse(p);
                }
                catch (FormatException ex)
                {
                    throw new UsageException(ex.Message);
                }
            }

            var access = await RegistryAccess.ForImageAsync(ctx, reference, ct).ConfigureAwait(false);
            await using var accessScope = access.ConfigureAwait(false);
            var client = access[0].Client;
            var result = await ImageInspector.InspectAsync(client, reference.Name, reference.Repository, reference.Reference, wanted, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, result, UseCaseJsonContext.Default.ImageInspection);
            }
            else
            {
                Render(ctx.Out, result);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(TextWriter output, ImageInspection r)
    {
        var rows = new List<KeyValuePair<string, string?>>
        {
            new("name", r.Name),
            new("digest", r.Digest),
            new("mediaType", r.MediaType),
        };
        if (r.ArtifactType is not null)
        {
            rows.Add(new("artifactType", r.ArtifactType));
        }

        if (r.Subject is { } subject)
        {
            rows.Add(new("subject", $"{subject.Digest} ({subject.MediaType})"));
        }

        if (r.Platforms is null)
        {
            rows.Add(new("config", r.Config));
            rows.Add(new("configMediaType", r.ConfigMediaType));
            rows.Add(new("platform", r.Os is null ? null : $"{r.Os}/{r.Architecture}{(r.Variant is null ? "" : "/" + r.Variant)}"));
            rows.Add(new("created", r.Created?.ToString("u", CultureInfo.InvariantCulture)));
        }

        rows.Add(new("size", $"{Bytes.Format(r.Size)} ({r.Size.ToString(CultureInfo.InvariantCulture)} bytes)"));
        KeyValueList.Write(output, rows);

        if (r.Platforms is { } platforms)
        {
            output.WriteLine();
            Columns.Write(output, ["PLATFORM", "DIGEST", "SIZE", "MEDIA TYPE"], platforms.Select(p => (IReadOnlyList<string>)
                [p.Name, p.Digest, Bytes.Format(p.Size), p.MediaType]));
        }

        if (r.Layers is { } layers)
        {
            output.WriteLine();
            Columns.Write(output, ["LAYER", "SIZE", "MEDIA TYPE"], layers.Select(l => (IReadOnlyList<string>)
                [l.Digest, l.Size < 0 ? "-" : Bytes.Format(l.Size), l.MediaType]));
        }

        if (r.Annotations is { Count: > 0 } annotations)
        {
            output.WriteLine();
            output.WriteLine("ANNOTATIONS");
            foreach (var (key, value) in annotations.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {key}={value}");
            }
        }

        if (r.Labels is { Count: > 0 } labels)
        {
            output.WriteLine();
            output.WriteLine("LABELS");
            foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {key}={value}");
            }
        }
    }
}
