using System.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli;

/// <summary>Builds the command tree and runs it; the test suite calls this in-process too.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, stdin: null);

    /// <summary>As above, with <paramref name="stdin"/> standing in for the process's stdin (null: the real one).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin)
    {
        StandardInput.Set(stdin);
        var root = new RootCommand("berth: connect private container registries and use them")
        {
            GlobalOptions.Output,
            GlobalOptions.DataDir,
            GlobalOptions.Debug,
            GlobalOptions.Database,
        };
        foreach (var command in CommandCatalog.Create())
        {
            root.Subcommands.Add(command);
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"berth: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(config).ConfigureAwait(false);
    }
}
