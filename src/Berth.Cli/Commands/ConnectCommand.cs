using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Cli.Registry;
using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.UseCases;
using Spectre.Console;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth connect TYPE</c>: validates the fields for the registry type, verifies the connection
/// (unless <c>--no-verify</c>) and saves it; nothing is saved when verification fails.
/// Missing required fields are prompted for when stdin is a terminal, as <c>porter connect</c> does.
/// </summary>
internal static class ConnectCommand
{
    private static readonly Argument<string> Type = new("TYPE")
    {
        Description = "Registry type: " + string.Join(", ", ProviderCatalog.KnownTypes),
    };

    private static readonly Option<string?> Name = new("--name") { Description = "Connection name (default: the registry host)" };
    private static readonly Option<string?> Url = new("--url") { Description = "Registry URL, host[:port][/namespace]; the type's default when omitted" };
    private static readonly Option<string?> Username = new("--username", "-u") { Description = "Username (robot account, service account …)" };
    private static readonly Option<bool> PasswordStdin = new("--password-stdin") { Description = "Read the password, token or API key from standard input" };
    private static readonly Option<string?> PasswordFile = new("--password-file") { Description = "Read the password from this file whenever it is needed" };
    private static readonly Option<string?> PasswordCommand = new("--password-command") { Description = "Run this command (no shell) and use its output as the password" };
    private static readonly Option<FileInfo?> KeyFile = new("--key-file") { Description = "Google service-account JSON key file (gcr, gar)" };
    private static readonly Option<string?> AccessKeyId = new("--access-key-id") { Description = "AWS access key ID (ecr)" };
    private static readonly Option<bool> SecretAccessKeyStdin = new("--secret-access-key-stdin") { Description = "Read the AWS secret access key from standard input (ecr)" };
    private static readonly Option<string?> Region = new("--region") { Description = "AWS region (ecr), when the URL does not say" };
    private static readonly Option<string?> TenantId = new("--tenant-id") { Description = "Azure AD tenant ID for a service principal (acr)" };
    private static readonly Option<string?> ClientId = new("--client-id") { Description = "Service principal client ID (acr)" };
    private static readonly Option<bool> ClientSecretStdin = new("--client-secret-stdin") { Description = "Read the service principal secret from standard input (acr)" };
    private static readonly Option<FileInfo?> DockerConfig = new("--docker-config") { Description = "auth.json / dockercfg holding the credential (quay)" };
    private static readonly Option<string[]> Set = new("--set") { Description = "Other non-secret field, key=value (e.g. authMode=accessToken)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> Repositories = new("--repositories") { Description = "Comma-separated repositories this connection serves and verify checks" };
    private static readonly Option<string?> RepositoriesRegex = new("--repositories-regex") { Description = "Only repositories matching this regular expression" };
    private static readonly Option<bool> Insecure = new("--insecure") { Description = "Allow plain http and skip TLS verification for this registry" };
    private static readonly Option<FileInfo?> CaFile = new("--ca-file") { Description = "PEM CA bundle that signed the registry's certificate" };
    private static readonly Option<string?> ApiPath = new("--api-path")
    {
        Description = "Path under which the Registry API lives (artifactory/api/docker/REPO-KEY, a proxy prefix); detected when /v2/ is only found under the URL's path",
    };

    private static readonly Option<bool> CreateRepositories = new("--create-repositories")
    {
        Description = "Create a missing repository (ECR CreateRepository) before the first push to it (ecr; the key needs ecr:CreateRepository)",
    };

    private static readonly Option<bool> NoVerify = new("--no-verify") { Description = "Save without checking that the registry accepts the credentials" };

    private static readonly Option<int?> PaginateSize = new("--paginate-size")
    {
        Description = "Page size asked of tags/list and _catalog (1-10000; clamped to what the provider accepts, ECR 1000); a registry that refuses it is listed with its own paging",
    };

    private static readonly Option<int?> Timeout = new("--timeout")
    {
        Description = "Seconds the registry and its token service may keep Berth waiting, for this connection from now on (default 30)",
    };

    public static Command Create()
    {
        var command = new Command("connect", "Connect a registry: validate, verify and save its credentials")
        {
            Type, Name, Url, Username, PasswordStdin, PasswordFile, PasswordCommand, KeyFile, AccessKeyId, SecretAccessKeyStdin,
            Region, TenantId, ClientId, ClientSecretStdin, DockerConfig, Set, Repositories, RepositoriesRegex, Insecure, CaFile, ApiPath, NoVerify,
            PaginateSize, Timeout, CreateRepositories,
        };
        CommandRunner.SetAction(command, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext ctx, CancellationToken ct)
    {
        var provider = ProviderCatalog.Get(ctx.Get(Type)!.Trim().ToLowerInvariant());
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in ctx.Get(Set) ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--set '{pair}': expected key=value");
            }

            var key = pair[..eq].Trim();
            if (provider.Fields.FirstOrDefault(f => f.Name == key) is not { } field)
            {
                throw new UsageException($"--set {key}: {provider.Type} has no field '{key}'; its fields are {string.Join(", ", provider.Fields.Select(f => f.Name))}");
            }

            if (field.IsSecret)
            {
                throw new UsageException($"--set {key}: '{key}' is a secret; pass it on standard input, never as an argument");
            }

            fields[key] = pair[(eq + 1)..];
        }

        Put(fields, ProviderFieldNames.Username, ctx.Get(Username));
        Put(fields, ProviderFieldNames.AccessKeyId, ctx.Get(AccessKeyId));
        Put(fields, ProviderFieldNames.Region, ctx.Get(Region));
        Put(fields, ProviderFieldNames.TenantId, ctx.Get(TenantId));
        Put(fields, ProviderFieldNames.ClientId, ctx.Get(ClientId));

        var stdinTargets = new List<string>();
        if (ctx.Get(PasswordStdin))
        {
            stdinTargets.Add(provider.PasswordSecretField ?? throw new UsageException($"{provider.Type} takes no password; see 'berth connect --help'"));
        }

        if (ctx.Get(SecretAccessKeyStdin))
        {
            stdinTargets.Add(ProviderFieldNames.SecretAccessKey);
        }

        if (ctx.Get(ClientSecretStdin))
        {
            stdinTargets.Add(ProviderFieldNames.ClientSecret);
        }

        if (stdinTargets.Count > 1)
        {
            throw new UsageException("only one secret can be read from standard input per command");
        }

        if (stdinTargets.Count == 1)
        {
            secrets[stdinTargets[0]] = await RegistryAccess.ReadPasswordAsync(ctx.In, ct).ConfigureAwait(false);
        }

        if (ctx.Get(KeyFile) is { } keyFile)
        {
            secrets[ProviderFieldNames.KeyJson] = await ReadFileAsync(keyFile, "--key-file", ct).ConfigureAwait(false);
        }

        if (ctx.Get(DockerConfig) is { } dockerConfig)
        {
            secrets[ProviderFieldNames.DockerConfig] = await ReadFileAsync(dockerConfig, "--docker-config", ct).ConfigureAwait(false);
        }

        var options = ConnectionOptions.Default with
        {
            Repositories = (ctx.Get(Repositories) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            RepositoriesRegex = ctx.Get(RepositoriesRegex),
            Insecure = ctx.Get(Insecure),
            ApiPath = ctx.Get(ApiPath),
            CreateRepositories = ctx.Get(CreateRepositories),
            CaBundlePem = ctx.Get(CaFile) is { } ca ? await ReadFileAsync(ca, "--ca-file", ct).ConfigureAwait(false) : null,
            PasswordFile = ctx.Get(PasswordFile) is { } pf ? Path.GetFullPath(pf) : null,
            PasswordCommand = ctx.Get(PasswordCommand) is { } pc ? CommandLineSplitter.Split(pc) : [],
            PaginateSize = ctx.Get(PaginateSize),
            ClientTimeout = ctx.Get(Timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };

        var url = ctx.Get(Url) ?? provider.DefaultUrl;
        if (Prompts.Interactive)
        {
            PromptForMissing(provider, ref url, fields, secrets, options);
        }

        var draft = new ConnectionDraft { Type = provider.Type, Url = url, Fields = fields, Secrets = SecretBag.From(secrets), Options = options };
        var input = ConnectionInput.From(draft, ctx.Get(Name));
        await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
        var change = await core.Connections.CreateAsync(core.Actor, input, verify: !ctx.Get(NoVerify), ct).ConfigureAwait(false);
        if (change.Report is { } report && !ctx.Json)
        {
            VerifyOutput.Write(ctx.Out, report);
        }

        if (change.Saved is not { } saved)
        {
            var name = input.Name ?? (RegistryUrl.TryParse(url, out var parsed, out _) ? parsed.Host.Name : url);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, VerifyOutput.ToJson(name ?? "", change.Report!), ConnectionJsonContext.Default.VerifyResult);
            }

            await ctx.Error.WriteLineAsync($"berth: connection '{name}' was not saved: {change.Report!.Summary} (fix it, or pass --no-verify to save anyway)").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        if (ctx.Json)
        {
            CliJson.Write(ctx.Out, ConnectionView.From(saved) with { Capabilities = change.Report?.Capabilities }, ConnectionJsonContext.Default.ConnectionView);
        }
        else
        {
            await ctx.Out.WriteLineAsync($"connected '{saved.Name}' ({saved.Type}, {saved.Url}){(change.Report is null ? " without verifying" : "")}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Asks, like <c>porter connect</c>, for the URL and the required fields not given; a username
    /// is asked for (may stay empty) on types where it is optional, and the password follows it.
    /// </summary>
    private static void PromptForMissing(IRegistryProvider provider, ref string? url, Dictionary<string, string> fields,
        Dictionary<string, string> secrets, ConnectionOptions options)
    {
        url ??= Prompts.Ask($"Registry URL ({provider.UrlHelp})");
        var passwordSourceGiven = options.PasswordFile is not null || options.PasswordCommand.Count > 0;
        foreach (var field in provider.Fields)
        {
            if (field.IsSecret)
            {
                var isPassword = field.Name == provider.PasswordSecretField;
                var wanted = field.IsRequired || (isPassword && fields.ContainsKey(ProviderFieldNames.Username));
                if (!secrets.ContainsKey(field.Name) && wanted && !(isPassword && passwordSourceGiven))
                {
                    secrets[field.Name] = Prompts.AskSecret(field.Label);
                }
            }
            else if (!fields.ContainsKey(field.Name))
            {
                if (field.IsRequired)
                {
                    fields[field.Name] = Prompts.Ask(field.Label);
                }
                else if (field.Name == ProviderFieldNames.Username && Prompts.AskOptional($"{field.Label} (empty for anonymous access)") is { Length: > 0 } user)
                {
                    fields[field.Name] = user;
                }
            }
        }
    }

    private static void Put(Dictionary<string, string> fields, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            fields[name] = value.Trim();
        }
    }

    private static async Task<string> ReadFileAsync(FileInfo file, string option, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{option} {file.FullName}: file not found");
        }

        return await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
    }
}
