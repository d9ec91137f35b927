using System.CommandLine;
using Berth.References;
using Berth.Transfer;

namespace Berth.Cli.Commands;

/// <summary><c>berth pull IMAGE DIR</c>: copy an image into an OCI image layout, tagged with the image's tag.</summary>
internal static class PullCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image reference, e.g. ghcr.io/org/app:1.2" };
        var directory = new Argument<string>("DIR") { Description = "OCI image layout directory (created if missing; other tags in it are kept)" };
        var command = new Command("pull", "Pull an image into an OCI image layout directory (same as copy IMAGE oci:DIR:TAG)") { image, directory };
        TransferOptions.AddTo(command, allTags: false);
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var reference = ImageReference.Parse(ctx.Get(image)!);
            var dir = ctx.Get(directory)!;
            if (dir.Contains(':', StringComparison.Ordinal))
            {
                throw new UsageException($"DIR '{dir}' must be a plain directory path; use berth copy for oci:DIR:TAG");
            }

            var from = TransferLocation.Registry(reference);
            var to = TransferLocation.OciLayout(dir, reference.Tag?.Value);
            return await TransferRunner.RunAsync(ctx, from, to, TransferOptions.Read(ctx, allTags: false), ct).ConfigureAwait(false);
        });
        return command;
    }
}
