using System.CommandLine;
using System.Data.Common;
using Berth.Auth;
using Berth.Connections.Providers;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Errors;
using Berth.DockerConfig;
using Berth.References;
using Berth.Templates;

namespace Berth.Cli;

/// <summary>
/// Runs a command body and turns every expected failure into one line on stderr and an exit code:
/// 2 for bad input, 1 for a failed operation. No stack traces reach the user.
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
            foreach (var error in ex.Errors)
            {
                await context.Error.WriteLineAsync($"berth: {error.Field}: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is UsageException or ReferenceFormatException or UnknownRegistryTypeException
            or DuplicateConnectionNameException or TemplateException or DatabaseSettingException
            or Berth.Transfer.Sync.SyncConfigException)
        {
            return await FailAsync(context, ex.Message, ExitCodes.Usage).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RegistryException or RegistryUnreachableException or DigestMismatchException
            or InsecureTokenRealmException or Berth.Transfer.TransferException or ProviderCredentialException or PasswordCommandException or PasswordFileException
            or RepositoryListingException or RepositoryListingNotSupportedException or MasterKeyException or SecretEnvelopeException
            or ConnectionNotFoundException or SchemaVersionException or DockerConfigException or DbException
            or IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or HttpRequestException)
        {
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
