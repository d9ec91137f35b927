using System.CommandLine;
using System.Data.Common;
using Berth.Connections.Providers;
using Berth.Errors;

namespace Berth.Cli;

/// <summary>
/// Runs a command body and turns every expected failure into one line on stderr and an exit code from the error's
/// category (<see cref="ExitCodes.For(ErrorCategory)"/>): 2 for bad input, 1 for a failed operation. No stack traces reach the user.
/// </summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, Func<CommandContext, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parse, ct) => RunAsync(parse, body, ct));
    }

    public static async Task<int> RunAsync(ParseResult parse, Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        var context = new CommandContext(parse);
        try
        {
            return await body(context, ct).ConfigureAwait(false);
        }
        catch (ConnectionValidationException ex)
        {
            // One line per field, so each problem can be fixed on its own.
            foreach (var error in ex.Errors)
            {
                await context.Error.WriteLineAsync($"berth: {error.Field}: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.For(ex.Category);
        }
        catch (BerthException ex)
        {
            return await FailAsync(context, ex.Message, ExitCodes.For(ex.Category)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException or HttpRequestException
            or FormatException or InvalidOperationException)
        {
            // The platform's own failures: a file, the database, the network, or a command's own invalid state.
            return await FailAsync(context, ex.Message, ExitCodes.Failed).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return await FailAsync(context, "cancelled", ExitCodes.Failed).ConfigureAwait(false);
        }
    }

    private static async Task<int> FailAsync(CommandContext context, string message, int code)
    {
        await context.Error.WriteLineAsync("berth: " + message).ConfigureAwait(false);
        return code;
    }
}
