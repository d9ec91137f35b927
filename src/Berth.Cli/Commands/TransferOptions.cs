using System.CommandLine;
using Berth.Cli.Registry;
using Berth.Transfer;

namespace Berth.Cli.Commands;

/// <summary>Options shared by copy, pull and push.</summary>
internal static class TransferOptions
{
    public static readonly Option<string?> Platform = new("--platform")
    {
        Description = "Copy only this platform's image out of a multi-platform index (os/arch[/variant]); the tag then points at that image",
    };

    public static readonly Option<bool> AllTags = new("--all-tags", "-a")
    {
        Description = "Copy every tag of the source repository, each under its own name",
    };

    public static readonly Option<int> Jobs = new("--jobs", "-j")
    {
        Description = $"Blobs transferred at once (default {CopyOptions.DefaultJobs})",
        DefaultValueFactory = _ => CopyOptions.DefaultJobs,
    };

    public static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Show what would be copied (blobs missing at the destination) without writing anything",
    };

    public static readonly Option<bool> Referrers = new("--referrers")
    {
        Description = "Also copy signatures, SBOMs and attestations that refer to the image (OCI referrers and cosign-style tags), recursively, before the tag is written",
    };

    /// <summary>Adds the transfer options and the registry access flags (which apply to both sides).</summary>
    public static void AddTo(Command command, bool allTags)
    {
        command.Options.Add(Platform);
        if (allTags)
        {
            command.Options.Add(AllTags);
            command.Options.Add(Referrers);
        }

        command.Options.Add(Jobs);
        command.Options.Add(DryRun);
        RegistryAccessOptions.AddTo(command);
    }

    public static CopyOptions Read(CommandContext ctx, bool allTags)
    {
        var jobs = ctx.Get(Jobs);
        if (jobs is < 1 or > 64)
        {
            throw new UsageException($"--jobs must be between 1 and 64, got {jobs}");
        }

        Content.Platform? platform = null;
        if (ctx.Get(Platform) is { } text)
        {
            try
            {
                platform = Content.Platform.Parse(text);
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
        }

        return new CopyOptions
        {
            Platform = platform,
            AllTags = allTags && ctx.Get(AllTags),
            Jobs = jobs,
            DryRun = ctx.Get(DryRun),
            Referrers = allTags && ctx.Get(Referrers),
        };
    }
}
