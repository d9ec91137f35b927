using System.CommandLine;
using Berth.References;
using Berth.Transfer;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth push DIR[:tag] IMAGE</c>: copy an image out of an OCI image layout. Without a tag, the
/// layout's only image is pushed, or the one tagged like IMAGE.
/// </summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "OCI image layout directory, optionally DIR:TAG" };
        var image = new Argument<string>("IMAGE") { Description = "Destination image reference, e.g. registry.example.com/team/app:1.2" };
        var command = new Command("push", "Push an image from an OCI image layout directory (same as copy oci:DIR[:TAG] IMAGE)") { directory, image };
        TransferOptions.AddTo(command, allTags: false);
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var reference = ImageReference.Parse(ctx.Get(image)!);
            var from = TransferLocation.Parse(TransferLocation.OciPrefix + ctx.Get(directory)!);
            if (from.Reference is null && reference.Tag is { } tag)
            {
                // Several images in the layout: pick the one tagged like the destination, when there is one.
                using var layout = new OciLayoutEndpoint(from.Path!, null);
                var tags = new List<string>();
                await foreach (var t in layout.ListTagsAsync(ct).ConfigureAwait(false))
                {
                    tags.Add(t);
                }

                if (tags.Count > 1 && tags.Contains(tag.Value))
                {
                    from = TransferLocation.OciLayout(from.Path!, tag.Value);
                }
            }

            var to = TransferLocation.Registry(reference);
            return await TransferRunner.RunAsync(ctx, from, to, TransferOptions.Read(ctx, allTags: false), ct).ConfigureAwait(false);
        });
        return command;
    }
}
