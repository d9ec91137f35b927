using System.CommandLine;
using Berth.Cli.CredentialHelper;
using Berth.Cli.Json;
using Berth.Cli.Store;
using Berth.DockerConfig;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth credential-helper get|store|erase|list|version</c>: the docker credential-helper protocol under the main
/// name (what <c>docker-credential-berth</c> answers), and <c>install</c>, which links
/// <c>docker-credential-berth</c> to this binary and prints the docker config to use it.
/// </summary>
internal static class CredentialHelperCommand
{
    public static Command Create()
    {
        var command = new Command("credential-helper", "Docker credential helper backed by saved connections (docker-credential-berth)");
        foreach (var (verb, description) in new[]
        {
            ("get", "Print {\"ServerURL\",\"Username\",\"Secret\"} for the server URL read from stdin"),
            ("store", "Save the {\"ServerURL\",\"Username\",\"Secret\"} read from stdin as a connection (only with BERTH_HELPER_ALLOW_STORE=1)"),
            ("erase", "Remove the connection serving the server URL read from stdin (only with BERTH_HELPER_ALLOW_STORE=1)"),
            ("list", "Print a JSON map of server URL to username"),
            ("version", "Print the helper's version"),
        })
        {
            var sub = new Command(verb, description);
            CommandRunner.SetAction(sub, (ctx, ct) => CredentialHelperProtocol.RunAsync(
                [verb], ctx.In, ctx.Out, ctx.Get(GlobalOptions.DataDir), ctx.Get(GlobalOptions.Database), ct));
            command.Subcommands.Add(sub);
        }

        command.Subcommands.Add(CreateInstall());
        return command;
    }

    private static Command CreateInstall()
    {
        var dir = new Option<string?>("--dir") { Description = "Directory for the docker-credential-berth link (default: ~/.local/bin, or /usr/local/bin as root)" };
        var force = new Option<bool>("--force") { Description = "Replace an existing docker-credential-berth that is not a link to this binary" };
        var command = new Command("install", "Link docker-credential-berth to this binary and print the docker config snippet") { dir, force };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var target = Environment.ProcessPath;
            if (string.IsNullOrEmpty(target) || Path.GetFileNameWithoutExtension(target) is "dotnet" or "testhost")
            {
                throw new InvalidOperationException(
                    $"berth is running inside '{target ?? "an unknown host"}', not as its own binary; run 'credential-helper install' with the published berth binary, or link docker-credential-berth to it yourself");
            }

            var directory = Path.GetFullPath(ctx.Get(dir) ?? DefaultDirectory());
            Directory.CreateDirectory(directory);
            var link = Path.Combine(directory, InvocationName.CredentialHelperProgram);
            var existing = new FileInfo(link);
            if (existing.Exists || existing.LinkTarget is not null)
            {
                var current = existing.LinkTarget is null ? null : Path.GetFullPath(existing.LinkTarget, directory);
                if (current != target)
                {
                    if (!ctx.Get(force))
                    {
                        throw new InvalidOperationException(
                            $"{link} already exists{(current is null ? "" : $" and points to {current}")}; pass --force to replace it with a link to {target}");
                    }

                    existing.Delete();
                    File.CreateSymbolicLink(link, target);
                }
            }
            else
            {
                File.CreateSymbolicLink(link, target);
            }

            var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(p => string.Equals(Path.GetFullPath(p).TrimEnd(Path.DirectorySeparatorChar), directory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal));
            var helpers = await CredHelpersAsync(ctx, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new CredentialHelperInstallResult(link, target, onPath, helpers), DockerCfgJsonContext.Default.CredentialHelperInstallResult);
                return ExitCodes.Ok;
            }

            await ctx.Out.WriteLineAsync($"linked {link} -> {target}").ConfigureAwait(false);
            if (!onPath)
            {
                await ctx.Out.WriteLineAsync($"note: {directory} is not on PATH; add it (docker looks up docker-credential-berth there)").ConfigureAwait(false);
            }

            await ctx.Out.WriteLineAsync().ConfigureAwait(false);
            await ctx.Out.WriteLineAsync("To let docker ask Berth for the registries you connected, add to ~/.docker/config.json:").ConfigureAwait(false);
            await ctx.Out.WriteLineAsync(Snippet(helpers)).ConfigureAwait(false);
            await ctx.Out.WriteLineAsync("or, to send every registry (and 'docker login') to Berth:  \"credsStore\": \"berth\"").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string DefaultDirectory()
    {
        const string system = "/usr/local/bin";
        if (Environment.IsPrivilegedProcess && Directory.Exists(system))
        {
            return system;
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "bin");
    }

    /// <summary>
    /// Host → "berth" for every saved connection. Docker keys Docker Hub as https://index.docker.io/v1/ and
    /// skopeo/podman as docker.io, so Hub gets both.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>> CredHelpersAsync(CommandContext ctx, CancellationToken ct)
    {
        var helpers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!StoreAccess.Exists(ctx))
        {
            return helpers;
        }

        await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
        foreach (var connection in await core.Connections.ListAsync(core.Actor, ct).ConfigureAwait(false))
        {
            if (!Berth.Connections.ConnectionAddress.TryOf(connection, out var url, out _))
            {
                continue;
            }

            helpers[DockerServerKey.ToConfigKey(url.Host.Name)] = "berth";
            if (url.Host.IsDockerHub)
            {
                helpers[DockerServerKey.DockerHubHost] = "berth";
            }
        }

        return helpers;
    }

    private static string Snippet(IReadOnlyDictionary<string, string> helpers)
    {
        if (helpers.Count == 0)
        {
            return "  \"credHelpers\": { \"registry.example.com\": \"berth\" }   (no connections are saved yet; list each registry host)";
        }

        var lines = helpers.Select(h => $"    \"{h.Key}\": \"{h.Value}\"");
        return "  \"credHelpers\": {\n" + string.Join(",\n", lines) + "\n  }";
    }
}
