using System.CommandLine;
using System.Text;
using System.Text.Json;
using Berth.Cli.Json;
using Berth.DockerConfig;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth dockercfg keygen|encrypt|decrypt</c>: AES keys and encrypted dockercfg files for CI
/// (the Codeship <c>jet encrypt dockercfg</c> workflow). OUT is written atomically only after the whole
/// operation succeeded, so a failure never leaves a partial or corrupt file behind.
/// </summary>
internal static class DockerCfgCommand
{
    private const string StdStream = "-";

    public static Command Create()
    {
        var command = new Command("dockercfg", "Docker config files for CI: export and import, AES keys, encrypt and decrypt a dockercfg");
        command.Subcommands.Add(DockerCfgExportCommand.Create());
        command.Subcommands.Add(DockerCfgImportCommand.Create());
        command.Subcommands.Add(CreateKeygen());
        command.Subcommands.Add(CreateTransform(encrypt: true));
        command.Subcommands.Add(CreateTransform(encrypt: false));
        return command;
    }

    private static Command CreateKeygen()
    {
        // -o is also the global --output alias; System.CommandLine binds the nearest command's option first.
        var file = new Option<string>("--out-file", "-o")
        {
            Description = "Where to write the new key (mode 0600)",
            Required = true,
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing key file" };
        var command = new Command("keygen", "Generate a new AES-256 key file for encrypting dockercfg files") { file, force };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async (_, _) =>
        {
            var path = parse.GetRequiredValue(file);
            if (path == StdStream)
            {
                throw new UsageException("keygen writes the key to a file, not stdout; give -o FILE");
            }

            var key = DockerConfigCipher.GenerateKey();
            try
            {
                await key.WriteFileAsync(path, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (!parse.GetValue(force) && Path.Exists(path))
            {
                throw new FailedException(
                    $"'{path}' already exists; pass --force to replace it (files encrypted with the old key can then no longer be decrypted)");
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    new DockerCfgKeygenResult(path, key.KeyId), DockerCfgJsonContext.Default.DockerCfgKeygenResult)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"Wrote AES key {key.KeyId} to {path} (mode 0600). Keep it out of version control.").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateTransform(bool encrypt)
    {
        var keyFile = new Option<string?>("--key-file", "-k") { Description = "The AES key file (from 'berth dockercfg keygen')" };
        var input = new Argument<string>("IN") { Description = encrypt ? "The plain dockercfg or config.json ('-' for stdin)" : "The encrypted dockercfg ('-' for stdin)" };
        var outputPath = new Argument<string>("OUT") { Description = encrypt ? "Where to write the encrypted file ('-' for stdout)" : "Where to write the plain dockercfg, mode 0600 ('-' for stdout)" };
        var command = new Command(
            encrypt ? "encrypt" : "decrypt",
            encrypt ? "Encrypt a dockercfg with an AES key file" : "Decrypt an encrypted dockercfg with its AES key file")
        {
            keyFile,
            input,
            outputPath,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async (_, _) =>
        {
            var inPath = parse.GetRequiredValue(input);
            var outPath = parse.GetRequiredValue(outputPath);
            var key = await ReadKeyAsync(parse.GetValue(keyFile), encrypt, cancellationToken).ConfigureAwait(false);
            var data = await ReadInputAsync(inPath, cancellationToken).ConfigureAwait(false);
            var result = encrypt ? DockerConfigCipher.Encrypt(data, key) : DockerConfigCipher.Decrypt(data, key);

            var output = parse.InvocationConfiguration.Output;
            if (outPath == StdStream)
            {
                // Both results are text: armoured ciphertext, or a dockercfg that just parsed as UTF-8 JSON.
                await output.WriteAsync(Encoding.UTF8.GetString(result)).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await PrivateFile.WriteAtomicAsync(outPath, result, overwrite: true, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    new DockerCfgTransformResult(inPath, outPath, key.KeyId), DockerCfgJsonContext.Default.DockerCfgTransformResult)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"{(encrypt ? "Encrypted" : "Decrypted")} {inPath} to {outPath} with key {key.KeyId}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static async Task<DockerConfigKey> ReadKeyAsync(string? path, bool encrypt, CancellationToken cancellationToken)
    {
        // Codeship's wording for a missing key; the hint says which key and how to give it.
        var missing = encrypt ? "no encryptor available: AES key missing" : "no decryptor available: AES key missing";
        if (string.IsNullOrEmpty(path))
        {
            throw new UsageException(missing + " (give the key file with --key-file FILE)");
        }

        if (!File.Exists(path))
        {
            throw new UsageException(missing + $" (key file '{path}' does not exist)");
        }

        return await DockerConfigKey.ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadInputAsync(string path, CancellationToken cancellationToken)
    {
        if (path == StdStream)
        {
            using var buffer = new MemoryStream();
            var stdin = StandardInput.Open();
            await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"'{path}' does not exist");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }
}
