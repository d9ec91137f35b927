using System.CommandLine;
using System.Globalization;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Cli.Registry;
using Berth.Cli.Store;
using Berth.Connections.Capabilities;
using Berth.Connections.Resolution;
using Berth.Connections.UseCases;
using Berth.References;

namespace Berth.Cli.Commands;

/// <summary><c>berth registries list|show|rename|remove|verify|resolve</c>: manage saved connections.</summary>
internal static class RegistriesCommand
{
    public static Command Create()
    {
        var command = new Command("registries", "List, show, rename, remove, verify saved registry connections, and resolve images to them");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Rename());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Resolve());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List saved connections (never their secrets)");
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
            var views = (await core.Connections.ListAsync(core.Actor, ct).ConfigureAwait(false)).Select(ConnectionView.From).ToList();
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, views, ConnectionJsonContext.Default.ListConnectionView);
                return ExitCodes.Ok;
            }

            if (views.Count == 0)
            {
                await ctx.Out.WriteLineAsync("no connections yet; add one with 'berth connect <type>'").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            Columns.Write(ctx.Out, ["NAME", "TYPE", "URL", "USERNAME", "SECRET", "LAST VERIFIED", "EXPIRES"], views.Select(v => (IReadOnlyList<string>)
            [
                v.Name, v.Type, v.Url, v.Username ?? "-", SecretState(v), Verified(v), When(v.CredentialExpiresAt),
            ]));

            // The list still works when one connection is damaged; say which, and how to fix it, once each.
            foreach (var problem in views.Select(v => v.Problem).OfType<string>())
            {
                await ctx.Error.WriteLineAsync("berth: warning: " + problem).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("NAME");
        var command = new Command("show", "Show one connection (never its secrets)") { name };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            await using var core = await CliCore.OpenAsync(ctx, dependents: true, ct).ConfigureAwait(false);
            var connection = await core.Connections.GetAsync(core.Actor, ctx.Get(name)!, ct).ConfigureAwait(false);
            var view = ConnectionView.From(connection) with
            {
                DependedOnBy = [.. (await core.Connections.DependentsAsync(connection, ct).ConfigureAwait(false)).Select(d => d.Description)],
                Capabilities = await core.Connections.CapabilitiesAsync(connection, ct).ConfigureAwait(false),
                RateLimit = await core.Connections.RateLimitAsync(connection, ct).ConfigureAwait(false),
            };

            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, view, ConnectionJsonContext.Default.ConnectionView);
                return ExitCodes.Ok;
            }

            var rows = new List<KeyValuePair<string, string?>>
            {
                new("name", view.Name),
                new("type", view.Type),
                new("url", view.Url),
                new("username", view.Username),
            };
            rows.AddRange(view.Fields.Where(f => f.Key != "username").Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)));
            rows.AddRange(view.Secrets.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
            rows.Add(new("password source", view.PasswordSource));
            rows.Add(new("repositories", view.Repositories.Count == 0 ? null : string.Join(", ", view.Repositories)));
            rows.Add(new("repositories regex", view.RepositoriesRegex));
            rows.Add(new("insecure", view.Insecure ? "yes" : "no"));
            rows.Add(new("api path", view.ApiPath));
            rows.Add(new("last verified", Verified(view)));
            rows.Add(new("last verify", view.LastVerifyMessage));
            rows.Add(new("credential expires", When(view.CredentialExpiresAt)));
            rows.Add(new("rate limit", view.RateLimit is { } rate ? $"{rate.Remaining?.ToString(CultureInfo.InvariantCulture) ?? "?"} of {rate.Limit} left (as of {When(rate.ObservedAt)})" : null));
            rows.Add(new("capabilities", view.Capabilities is { } caps ? CapabilitySummary.Describe(caps) : "not probed yet (run 'berth registries verify')"));
            rows.Add(new("used by", view.DependedOnBy.Count == 0 ? null : string.Join("; ", view.DependedOnBy)));
            if (view.Problem is { } problem)
            {
                rows.Add(new("problem", problem));
            }

            KeyValueList.Write(ctx.Out, rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rename()
    {
        var oldName = new Argument<string>("OLD");
        var newName = new Argument<string>("NEW");
        var command = new Command("rename", "Rename a connection") { oldName, newName };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            await using var core = await CliCore.OpenAsync(ctx, dependents: true, ct).ConfigureAwait(false);
            var connection = await core.Connections.GetAsync(core.Actor, ctx.Get(oldName)!, ct).ConfigureAwait(false);
            var renamed = await core.Connections.RenameAsync(core.Actor, connection.Name, ctx.Get(newName), ct).ConfigureAwait(false);
            await ctx.Out.WriteLineAsync($"renamed '{connection.Name}' to '{renamed.Name}'").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("NAME");
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var detach = new Option<bool>("--detach") { Description = "Remove even when ci tokens or pull-secret targets name it: they stop naming it (a token left with none is revoked)" };
        var command = new Command("remove", "Remove a connection and its stored secrets; refused while ci tokens or pull-secret targets depend on it, unless --detach") { name, yes, detach };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            await using var core = await CliCore.OpenAsync(ctx, dependents: true, ct).ConfigureAwait(false);
            var connection = await core.Connections.GetAsync(core.Actor, ctx.Get(name)!, ct).ConfigureAwait(false);
            var mode = ctx.Get(detach) ? RemoveMode.Detach : RemoveMode.Refuse;
            if (!ctx.Get(yes))
            {
                if (!Prompts.Interactive)
                {
                    throw new UsageException($"removing '{connection.Name}' needs confirmation: pass --yes");
                }

                if (!Prompts.Confirm($"Remove connection '{connection.Name}' ({connection.Type}, {connection.Url}) and its stored credentials?"))
                {
                    await ctx.Out.WriteLineAsync("nothing removed").ConfigureAwait(false);
                    return ExitCodes.Failed;
                }
            }

            var removal = await core.Connections.RemoveAsync(core.Actor, connection.Name, mode, "pass --detach to remove it anyway (ci tokens and pull-secret targets stop naming it; a token left with none is revoked)", ct).ConfigureAwait(false);
            await ctx.Out.WriteLineAsync($"removed '{connection.Name}'").ConfigureAwait(false);
            foreach (var dependent in removal.Detached)
            {
                await ctx.Out.WriteLineAsync($"  detached {dependent.Description}").ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify()
    {
        var name = new Argument<string>("NAME");
        var command = new Command("verify", "Check that the registry answers, accepts the credentials and lists the connection's repositories") { name, RegistryAccessOptions.ConnectionTimeout };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
            var connection = RegistryAccess.ApplyTimeout(ctx, await core.Connections.GetAsync(core.Actor, ctx.Get(name)!, ct).ConfigureAwait(false));
            var report = await core.Connections.VerifyAsync(core.Actor, connection, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, VerifyOutput.ToJson(connection.Name, report), ConnectionJsonContext.Default.VerifyResult);
            }
            else
            {
                await ctx.Out.WriteLineAsync($"verifying '{connection.Name}' ({connection.Type}, {connection.Url})").ConfigureAwait(false);
                VerifyOutput.Write(ctx.Out, report);
                await ctx.Out.WriteLineAsync(report.Summary).ConfigureAwait(false);
            }

            return report.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static Command Resolve()
    {
        var image = new Argument<string>("IMAGE");
        var command = new Command("resolve", "Say which connection serves an image, and why") { image };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var reference = ImageReference.Parse(ctx.Get(image)!);
            await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
            var resolution = ConnectionResolver.Resolve(reference, await core.Connections.ListAsync(core.Actor, ct).ConfigureAwait(false));
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new ResolveResult(reference.Canonical, resolution.Connection?.Name, resolution.Reason,
                    resolution.Candidates.Select(c => new ResolveCandidate(c.Connection.Name, c.Matches, c.Why)).ToList()), ConnectionJsonContext.Default.ResolveResult);
            }
            else
            {
                await ctx.Out.WriteLineAsync(resolution.Connection is { } c
                    ? $"{reference.Familiar} is served by '{c.Name}': {resolution.Reason}"
                    : $"{reference.Familiar}: {resolution.Reason}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string SecretState(ConnectionView v) =>
        v.Secrets.Where(s => s.Value == "unreadable").Select(s => s.Key).ToList() is { Count: > 0 } unreadable
            ? string.Join(",", unreadable) + " UNREADABLE"
            : v.Problem is not null ? "UNREADABLE"
            : v.Secrets.Count > 0 ? string.Join(",", v.Secrets.Keys) + " set" : v.PasswordSource is null ? "not set" : "from " + v.PasswordSource.Split(' ')[0];

    private static string Verified(ConnectionView v) => v.LastVerifiedAt is { } at
        ? $"{at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {(v.LastVerifyOk == true ? "ok" : "failed")}"
        : "never";

    private static string When(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "-";
}
