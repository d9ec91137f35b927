using System.CommandLine;
using Berth.Transfer;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth copy SRC DST</c>: each side a registry reference, <c>oci:DIR[:tag]</c> or
/// <c>docker-archive:FILE[:name]</c>. The access flags (--username/--password-stdin, --insecure,
/// --ca-file, --timeout) apply to every registry involved.
/// </summary>
internal static class CopyCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "Source: IMAGE, oci:DIR[:tag] or docker-archive:FILE[:name]" };
        var destination = new Argument<string>("DST") { Description = "Destination: IMAGE, oci:DIR[:tag] or docker-archive:FILE[:name]" };
        var command = new Command("copy",
            "Copy an image (every platform unless --platform) between registries, OCI layouts and docker-archive files; " +
            "blobs already there are skipped, same-registry blobs mounted, manifests written last. Access flags apply to both sides.")
        {
            source, destination,
        };
        TransferOptions.AddTo(command, allTags: true);
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var from = TransferLocation.Parse(ctx.Get(source)!);
            var to = TransferLocation.Parse(ctx.Get(destination)!);
            return await TransferRunner.RunAsync(ctx, from, to, TransferOptions.Read(ctx, allTags: true), ct).ConfigureAwait(false);
        });
        return command;
    }
}
