using System.CommandLine;
using System.Data.Common;
using System.Text.Json;
using Berth.Connections;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Errors;

namespace Berth.Cli.Commands;

/// <summary><c>berth admin …</c>: operator tasks on the data directory and database.</summary>
internal static class AdminCommand
{
    private static readonly Option<string?> NewKeyFile = new("--new-key-file")
    {
        Description = "Only when the key comes from BERTH_MASTER_KEY: file to write the new key to (must not exist; created 0600)",
    };

    public static Command Create()
    {
        var rotate = new Command("rotate-key", "Generate a new master key and re-encrypt every stored secret with it (see docs/secrets.md)")
        {
            NewKeyFile,
        };
        rotate.SetAction(RotateKeyAsync);
        return new Command("admin", "Administer Berth's data directory and database") { rotate };
    }

    private static async Task<int> RotateKeyAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var newKeyFile = parse.GetValue(NewKeyFile);
        var fromEnvironment = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable));
        if (fromEnvironment && string.IsNullOrWhiteSpace(newKeyFile))
        {
            await stderr.WriteLineAsync(
                "berth admin rotate-key: the master key comes from BERTH_MASTER_KEY, which berth cannot change; "
                + "add --new-key-file PATH to receive the new key, then set BERTH_MASTER_KEY to that file's content").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (!fromEnvironment && !string.IsNullOrWhiteSpace(newKeyFile))
        {
            await stderr.WriteLineAsync(
                "berth admin rotate-key: --new-key-file is only for keys given in BERTH_MASTER_KEY; the key file in the data directory is replaced in place").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var dataDirectory = DataDirectory.Resolve(parse.GetValue(GlobalOptions.DataDir));
            var database = parse.GetValue(GlobalOptions.Database) ?? Environment.GetEnvironmentVariable("BERTH_DATABASE");
            var protector = AesGcmSecretProtector.Load(dataDirectory);
            var store = await StoreFactory.OpenAsync(database, dataDirectory, protector, cancellationToken).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var result = await store.RotateKeyAsync(newKeyFile, cancellationToken).ConfigureAwait(false);
                await WriteResultAsync(parse, stdout, result, fromEnvironment).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        }
        catch (Exception e) when (e is BerthException or DbException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"berth admin rotate-key: {e.Message}").ConfigureAwait(false);
            return ExitCodes.For(e);
        }
    }

    private static async Task WriteResultAsync(ParseResult parse, TextWriter stdout, KeyRotationResult result, bool fromEnvironment)
    {
        if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("oldKeyId", result.OldKeyId);
                json.WriteString("newKeyId", result.NewKeyId);
                json.WriteNumber("secretsReencrypted", result.SecretsReencrypted);
                json.WriteString("newKeyLocation", result.NewKeyLocation);
                json.WriteEndObject();
            }

            await stdout.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            return;
        }

        await stdout.WriteLineAsync(
            $"master key rotated: {result.OldKeyId} -> {result.NewKeyId}; {result.SecretsReencrypted} secrets re-encrypted").ConfigureAwait(false);
        await stdout.WriteLineAsync(fromEnvironment
            ? $"the new key is in {result.NewKeyLocation}: set BERTH_MASTER_KEY to its content for every berth process, then delete the file"
            : $"the new key replaced {result.NewKeyLocation}; restart other berth processes using this database").ConfigureAwait(false);
    }
}
