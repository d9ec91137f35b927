using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Cli.Registry;
using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.Docker;
using Berth.Connections.Providers;
using Berth.Connections.UseCases;
using Berth.DockerConfig;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth dockercfg import FILE [--type T] [--name-prefix P] [--no-verify] [--key-file K]</c>: a connection per
/// credential in a docker config.json or legacy .dockercfg (plain, or encrypted with 'berth dockercfg encrypt'),
/// including those kept by the <c>credsStore</c>/<c>credHelpers</c> helpers it names. The type comes from the
/// host when the host says (ghcr.io, *.azurecr.io …), else from <c>--type</c>, else from a prompt on a terminal,
/// else generic. Each is verified before it is saved; existing names are skipped, never overwritten.
/// </summary>
internal static class DockerCfgImportCommand
{
    private const string StdStream = "-";

    private enum Outcome
    {
        Imported,
        Exists,
        Skipped,
        Failed,
    }

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The config.json, .dockercfg or encrypted dockercfg ('-' for stdin)" };
        var type = new Option<string?>("--type") { Description = "Type for hosts whose type cannot be told from the name: " + string.Join(", ", ProviderCatalog.KnownTypes) };
        var prefix = new Option<string?>("--name-prefix") { Description = "Prefix for the new connections' names (default: none; names are the registry hosts)" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Save without checking that each registry accepts its credentials" };
        var keyFile = new Option<string?>("--key-file", "-k") { Description = "AES key file, when FILE is encrypted" };
        var command = new Command("import", "Create connections from a docker config.json or .dockercfg (credential helpers included)") { file, type, prefix, noVerify, keyFile };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var path = ctx.Get(file)!;
            var fallbackType = ctx.Get(type) is { } t ? ProviderCatalog.Get(t.Trim().ToLowerInvariant()).Type : null;
            var config = await ReadConfigAsync(path, ctx.Get(keyFile), ct).ConfigureAwait(false);
            var found = await DockerConfigImport.CollectAsync(config, null, ct).ConfigureAwait(false);
            var entries = new List<DockerCfgImportEntry>();

            if (found.Count > 0)
            {
                await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
                foreach (var credential in found)
                {
                    if (credential.Entry is null)
                    {
                        entries.Add(Entry(credential, null, null, Outcome.Failed, credential.Error ?? "no credentials", []));
                        continue;
                    }

                    var chosenType = RegistryTypeGuesser.Guess(credential.ServerKey) ?? fallbackType ?? (Prompts.Interactive
                        ? Prompts.Choose($"Registry type for {credential.ServerKey}", ProviderCatalog.KnownTypes)
                        : "generic");
                    var plan = DockerConfigImport.Plan(credential.ServerKey, credential.Entry, chosenType, ctx.Get(prefix) ?? "");
                    if (plan.Draft is not { } draft)
                    {
                        entries.Add(Entry(credential, plan.Name, chosenType, Outcome.Skipped, plan.SkipReason, plan.Notes));
                        continue;
                    }

                    if (await core.Connections.FindAsync(core.Actor, plan.Name, ct).ConfigureAwait(false) is not null)
                    {
                        entries.Add(Entry(credential, plan.Name, draft.Type, Outcome.Exists,
                            $"a connection named '{plan.Name}' already exists; left as it is (use --name-prefix to import beside it)", plan.Notes));
                        continue;
                    }

                    var input = ConnectionInput.From(draft, plan.Name);
                    ConnectionChange change;
                    try
                    {
                        change = await core.Connections.CreateAsync(core.Actor, input, verify: !ctx.Get(noVerify), ct).ConfigureAwait(false);
                    }
                    catch (ConnectionValidationException invalid)
                    {
                        entries.Add(Entry(credential, plan.Name, draft.Type, Outcome.Failed,
                            string.Join("; ", invalid.Errors.Select(e => $"{e.Field}: {e.Message}")), plan.Notes));
                        continue;
                    }

                    if (change.Saved is not { } saved)
                    {
                        entries.Add(Entry(credential, plan.Name, draft.Type, Outcome.Failed,
                            $"not saved: {change.Report!.Summary} (pass --no-verify to save anyway)", plan.Notes));
                        continue;
                    }

                    entries.Add(Entry(credential, saved.Name, saved.Type, Outcome.Imported,
                        change.Report is null ? "saved without verifying" : "verified and saved", plan.Notes));
                }
            }

            var result = new DockerCfgImportResult(path,
                entries.Count(e => e.Outcome == Name(Outcome.Imported)),
                entries.Count(e => e.Outcome == Name(Outcome.Exists) || e.Outcome == Name(Outcome.Skipped)),
                entries.Count(e => e.Outcome == Name(Outcome.Failed)),
                entries);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, result, DockerCfgJsonContext.Default.DockerCfgImportResult);
            }
            else
            {
                await WriteReportAsync(ctx.Out, result).ConfigureAwait(false);
            }

            return result.Failed > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteReportAsync(TextWriter output, DockerCfgImportResult result)
    {
        if (result.Entries.Count == 0)
        {
            await output.WriteLineAsync($"{result.File} holds no registry credentials; nothing to import").ConfigureAwait(false);
            return;
        }

        foreach (var entry in result.Entries)
        {
            var subject = entry.Outcome == Name(Outcome.Imported) || entry.Outcome == Name(Outcome.Exists)
                ? $"'{entry.Name}' ({entry.Type}) from {entry.Server}"
                : entry.Server;
            await output.WriteLineAsync($"{entry.Outcome,-9} {subject} [{entry.Origin}]: {entry.Message}").ConfigureAwait(false);
            foreach (var note in entry.Notes)
            {
                await output.WriteLineAsync($"          note: {note}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync($"{result.Imported} imported, {result.Skipped} skipped, {result.Failed} failed").ConfigureAwait(false);
    }

    private static DockerCfgImportEntry Entry(DockerConfigCredential credential, string? name, string? type, Outcome outcome, string? message, IReadOnlyList<string> notes) =>
        new(credential.ServerKey, credential.Origin, name, type, Name(outcome), message, notes);

    private static string Name(Outcome outcome) => outcome switch
    {
        Outcome.Imported => "imported",
        Outcome.Exists => "exists",
        Outcome.Skipped => "skipped",
        _ => "failed",
    };

    private static async Task<DockerConfigFile> ReadConfigAsync(string path, string? keyFile, CancellationToken ct)
    {
        byte[] data;
        if (path == StdStream)
        {
            using var buffer = new MemoryStream();
            await StandardInput.Open().CopyToAsync(buffer, ct).ConfigureAwait(false);
            data = buffer.ToArray();
        }
        else if (!File.Exists(path))
        {
            throw new UsageException($"'{path}' does not exist");
        }
        else
        {
            data = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }

        try
        {
            if (DockerConfigCipher.IsEncrypted(data))
            {
                if (string.IsNullOrEmpty(keyFile))
                {
                    throw new UsageException($"no decryptor available: AES key missing ('{path}' is encrypted; give its key with --key-file FILE)");
                }

                if (!File.Exists(keyFile))
                {
                    throw new UsageException($"no decryptor available: AES key missing (key file '{keyFile}' does not exist)");
                }

                var key = await DockerConfigKey.ReadFileAsync(keyFile, ct).ConfigureAwait(false);
                data = DockerConfigCipher.Decrypt(data, key);
            }

            return DockerConfigReader.Parse(data);
        }
        catch (DockerConfigException ex) when (ex.Kind is not (DockerConfigErrorKind.KeyMismatch or DockerConfigErrorKind.Truncated or DockerConfigErrorKind.AuthenticationFailed))
        {
            // A file that does not parse is bad input (exit 2); a key that does not fit is a failed operation (exit 1).
            throw new UsageException(ex.Message);
        }
    }
}
