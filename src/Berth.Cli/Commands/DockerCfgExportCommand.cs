using System.CommandLine;
using System.Globalization;
using System.Text;
using Berth.Cli.Json;
using Berth.Cli.Store;
using Berth.Connections.UseCases;
using Berth.Connections.Docker;
using Berth.DockerConfig;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth dockercfg export [NAME...] [-o FILE] [--encrypt --key-file K]</c>: a docker <c>config.json</c> with an
/// <c>auths</c> entry per connection, holding a credential obtained now (ECR, Google and ACR tokens are renewed
/// as their providers require). Every credential read is audited. Nothing is written unless every chosen
/// connection gave its credential, so CI never gets a config that silently lacks a registry.
/// </summary>
internal static class DockerCfgExportCommand
{
    private const string StdStream = "-";

    public static Command Create()
    {
        var names = new Argument<string[]>("NAME")
        {
            Description = "Connections to export (default: all)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var outFile = new Option<string?>("--out-file", "-o") { Description = "Write the config here (mode 0600, replaced atomically); stdout when omitted" };
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt the config with the AES key given by --key-file" };
        var keyFile = new Option<string?>("--key-file", "-k") { Description = "The AES key file (from 'berth dockercfg keygen') for --encrypt" };
        var command = new Command("export", "Write a docker config.json with fresh credentials of saved connections") { names, outFile, encrypt, keyFile };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var path = ctx.Get(outFile);
            if (path == StdStream)
            {
                path = null;
            }

            var key = await ReadKeyAsync(ctx.Get(encrypt), ctx.Get(keyFile), ct).ConfigureAwait(false);
            if (!StoreAccess.Exists(ctx))
            {
                throw Berth.Connections.UseCases.UnknownConnectionException.NoneSaved();
            }

            await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
            DockerConfigExport export;
            try
            {
                export = await core.Connections.ExportDockerConfigAsync(core.Actor, ctx.Get(names) ?? [], ct).ConfigureAwait(false);
            }
            catch (ConnectionCredentialException e)
            {
                await ctx.Error.WriteLineAsync($"berth: {e.Message}; nothing was written").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            var bytes = DockerConfigWriter.Serialize(export.File);
            if (key is not null)
            {
                bytes = DockerConfigCipher.Encrypt(bytes, key);
            }

            if (path is null)
            {
                // Both forms are text: the JSON config or the armoured ciphertext.
                await ctx.Out.WriteAsync(Encoding.UTF8.GetString(bytes)).ConfigureAwait(false);
                await ctx.Out.FlushAsync(ct).ConfigureAwait(false);
                foreach (var entry in export.Connections.Where(e => e.Note is not null))
                {
                    await ctx.Error.WriteLineAsync($"berth: {entry.Name}: {entry.Note}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            await PrivateFile.WriteAtomicAsync(path, bytes, overwrite: true, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new DockerCfgExportResult(path, key is not null, key?.KeyId,
                    export.Connections.Select(e => new DockerCfgExportEntry(e.Name, e.Type, e.Keys, e.ExpiresAt, e.Note)).ToList()),
                    DockerCfgJsonContext.Default.DockerCfgExportResult);
                return ExitCodes.Ok;
            }

            var written = export.Connections.Count(e => e.Keys.Count > 0);
            await ctx.Out.WriteLineAsync(
                $"wrote {written} connection{(written == 1 ? "" : "s")} to {path} (mode 0600{(key is null ? "" : $", encrypted with key {key.KeyId}")})").ConfigureAwait(false);
            foreach (var entry in export.Connections)
            {
                var what = entry.Keys.Count > 0 ? string.Join(", ", entry.Keys) : "nothing written";
                var expiry = entry.ExpiresAt is { } at ? $", expires {at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" : "";
                var note = entry.Note is null ? "" : $" ({entry.Note})";
                await ctx.Out.WriteLineAsync($"  {entry.Name} ({entry.Type}): {what}{expiry}{note}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<DockerConfigKey?> ReadKeyAsync(bool encrypt, string? path, CancellationToken ct)
    {
        if (!encrypt)
        {
            return string.IsNullOrEmpty(path)
                ? null
                : throw new UsageException("--key-file is for --encrypt; add --encrypt to write the config encrypted");
        }

        // Codeship's wording for a missing key, with the fix.
        if (string.IsNullOrEmpty(path))
        {
            throw new UsageException("no encryptor available: AES key missing (give the key file with --key-file FILE)");
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"no encryptor available: AES key missing (key file '{path}' does not exist)");
        }

        return await DockerConfigKey.ReadFileAsync(path, ct).ConfigureAwait(false);
    }
}
