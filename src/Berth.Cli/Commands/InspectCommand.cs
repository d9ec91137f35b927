using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Cli.Registry;
using Berth.Content;
using Berth.Distribution;
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
            var result = await InspectAsync(client, reference, wanted, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, result, RegistryJsonContext.Default.InspectResult);
            }
            else
            {
                Render(ctx.Out, result);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static async Task<InspectResult> InspectAsync(RegistryClient client, ImageReference reference, Platform? wanted, CancellationToken ct)
    {
        var manifest = await client.GetManifestAsync(reference.Repository, reference.Reference, ct).ConfigureAwait(false);
        if (manifest.Kind == ManifestKind.Index && wanted is not null)
        {
            var match = manifest.Index!.Manifests.FirstOrDefault(m => m.Platform is not null && m.Platform.Matches(wanted))
                ?? throw new InvalidOperationException(
                    $"{reference.Familiar} has no image for platform {wanted}; it has: {string.Join(", ", manifest.Index.Manifests.Select(m => m.Platform?.ToString() ?? "unknown"))}");
            manifest = await client.GetManifestAsync(reference.Repository, match.Digest, ct).ConfigureAwait(false);
        }

        var name = reference.Name;
        switch (manifest.Kind)
        {
            case ManifestKind.Index:
                var platforms = manifest.Index!.Manifests.Select(m => new PlatformResult(
                    m.Platform?.Os ?? "unknown", m.Platform?.Architecture ?? "unknown", m.Platform?.Variant, m.Digest, m.Size, m.MediaType)).ToList();
                return new InspectResult
                {
                    Name = name,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    Platforms = platforms,
                    Size = manifest.Size + platforms.Sum(p => p.Size),
                };

            case ManifestKind.Image:
                var image = manifest.Image!;
                var config = await ReadConfigAsync(client, reference.Repository, image.Config, ct).ConfigureAwait(false);
                return new InspectResult
                {
                    Name = name,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    Config = image.Config.Digest,
                    Layers = image.Layers.Select(l => new LayerResult(l.Digest, l.Size, l.MediaType)).ToList(),
                    Size = image.Config.Size + image.Layers.Sum(l => l.Size),
                    Created = config?.Created,
                    Os = config?.Os,
                    Architecture = config?.Architecture,
                    Variant = config?.Variant,
                    Labels = config?.Config?.Labels ?? new Dictionary<string, string>(),
                };

            default:
                var s1 = manifest.Schema1!;
                return new InspectResult
                {
                    Name = name,
                    Digest = manifest.Digest.Value,
                    MediaType = manifest.MediaType,
                    Layers = s1.FsLayers.Select(l => new LayerResult(l.BlobSum, -1, MediaTypes.DockerLayer)).ToList(),
                    Architecture = s1.Architecture,
                    Size = manifest.Size,
                };
        }
    }

    private static async Task<ImageConfig?> ReadConfigAsync(RegistryClient client, string repository, Descriptor config, CancellationToken ct)
    {
        if (!Digest.TryParse(config.Digest, out var digest) || config.Size > 16 * 1024 * 1024)
        {
            return null;
        }

        var stream = await client.GetBlobAsync(repository, digest, config.Size, ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            try
            {
                return JsonSerializer.Deserialize(buffer.ToArray(), ContentConfigJson.ImageConfig);
            }
            catch (JsonException)
            {
                // Artifacts (Helm charts, signatures) have configs that are not image configs.
                return null;
            }
        }
    }

    private static void Render(TextWriter output, InspectResult r)
    {
        var rows = new List<KeyValuePair<string, string?>>
        {
            new("name", r.Name),
            new("digest", r.Digest),
            new("mediaType", r.MediaType),
        };
        if (r.Platforms is null)
        {
            rows.Add(new("config", r.Config));
            rows.Add(new("platform", r.Os is null ? null : $"{r.Os}/{r.Architecture}{(r.Variant is null ? "" : "/" + r.Variant)}"));
            rows.Add(new("created", r.Created?.ToString("u", CultureInfo.InvariantCulture)));
        }

        rows.Add(new("size", $"{Bytes.Format(r.Size)} ({r.Size.ToString(CultureInfo.InvariantCulture)} bytes)"));
        KeyValueList.Write(output, rows);

        if (r.Platforms is { } platforms)
        {
            output.WriteLine();
            Columns.Write(output, ["PLATFORM", "DIGEST", "SIZE", "MEDIA TYPE"], platforms.Select(p => (IReadOnlyList<string>)
                [$"{p.Os}/{p.Architecture}{(p.Variant is null ? "" : "/" + p.Variant)}", p.Digest, Bytes.Format(p.Size), p.MediaType]));
        }

        if (r.Layers is { } layers)
        {
            output.WriteLine();
            Columns.Write(output, ["LAYER", "SIZE", "MEDIA TYPE"], layers.Select(l => (IReadOnlyList<string>)
                [l.Digest, l.Size < 0 ? "-" : Bytes.Format(l.Size), l.MediaType]));
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
