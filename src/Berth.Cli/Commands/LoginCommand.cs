using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Cli.Remote;
using Berth.Cli.Store;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth login URL</c>: remote mode. The API token (from stdin, or a hidden prompt on a terminal) is checked against
/// the server first, then saved with the URL in the data directory (mode 0600); from then on the credential helper
/// and the kubelet credential provider ask that server and need no database or master key here.
/// </summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("URL") { Description = "The Berth server, e.g. https://berth.example.com or http://127.0.0.1:8080" };
        var command = new Command("login", "Use a Berth server for credentials (remote mode); the API token is read from stdin or a prompt") { url };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var server = RemoteLogin.ParseServer(ctx.Get(url) ?? "", "URL");
            var token = await ReadTokenAsync(ctx, ct).ConfigureAwait(false);
            var login = new RemoteLogin(server, token);
            IReadOnlyDictionary<string, string> servers;
            using (var client = new RemoteClient(login))
            {
                servers = await client.ServersAsync(ct).ConfigureAwait(false);
            }

            var dataDirectory = StoreAccess.DataDirectoryOf(ctx);
            await login.SaveAsync(dataDirectory, ct).ConfigureAwait(false);
            var file = RemoteLogin.PathIn(dataDirectory);
            var overridden = Environment.GetEnvironmentVariable(RemoteLogin.ServerVariable) is { Length: > 0 };
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new LoginResult(login.ServerText, file, servers.Keys.ToList(), overridden), RemoteJsonContext.Default.LoginResult);
                return ExitCodes.Ok;
            }

            await ctx.Out.WriteLineAsync($"logged in to {login.ServerText}; saved to {file} (mode 0600)").ConfigureAwait(false);
            await ctx.Out.WriteLineAsync(servers.Count == 0
                ? "the token may use no registries yet"
                : $"the token may use {servers.Count} {(servers.Count == 1 ? "registry" : "registries")}: {string.Join(", ", servers.Keys)}").ConfigureAwait(false);
            if (overridden)
            {
                await ctx.Error.WriteLineAsync($"note: {RemoteLogin.ServerVariable} is set in this environment and wins over the saved login").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> ReadTokenAsync(CommandContext ctx, CancellationToken ct)
    {
        var token = Prompts.Interactive
            ? Prompts.AskSecret("Berth API token")
            : await ctx.In.ReadToEndAsync(ct).ConfigureAwait(false);
        token = token.Trim();
        return token.Length > 0 && !token.Contains('\n', StringComparison.Ordinal)
            ? token
            : throw new UsageException("give the API token on stdin (one line), e.g. printf '%s' \"$TOKEN\" | berth login URL; create one with 'berth tokens create' where the server's store is");
    }
}
