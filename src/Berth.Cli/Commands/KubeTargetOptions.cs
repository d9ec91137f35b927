using System.CommandLine;
using Berth.Cli.Kube;
using Berth.Connections.PullSecrets;

namespace Berth.Cli.Commands;

/// <summary>
/// The options of <c>berth kube target add</c> and <c>update</c>, turned into the <see cref="PullSecretTargetInput"/>
/// the API takes. Only plumbing lives here (files, stdin, a kubeconfig); every rule is the use case's. On update an
/// option left out keeps the saved value, as an absent field does in the API.
/// </summary>
internal sealed class KubeTargetOptions
{
    private const int MaxTokenChars = 64 * 1024;

    private readonly bool _update;

    public KubeTargetOptions(bool update)
    {
        _update = update;
        Server = new("--server") { Description = "The Kubernetes API server URL, e.g. https://203.0.113.10:6443" };
        CaFile = new("--ca-file") { Description = "PEM CA bundle that signs the API server's certificate (default: the system trust store)" };
        TokenStdin = new("--token-stdin") { Description = "Read the service account's bearer token from standard input (it is stored encrypted, never shown)" };
        FromKubeconfig = new("--from-kubeconfig") { Description = "Take the server, CA and bearer token from this kubeconfig (its current context, or --context)" };
        Context = new("--context") { Description = "The kubeconfig context to take them from" };
        Namespaces = new("--namespace", "-n") { Description = "Namespaces to write into (comma-separated or repeated)" };
        Selector = new("--selector", "-l") { Description = "Write into every namespace matching this label selector instead, e.g. 'berth-pull=true'" };
        SecretName = new("--secret-name") { Description = "The Secret's name" };
        Patch = new("--patch-default-service-account") { Description = "Also add the Secret to each namespace's default ServiceAccount imagePullSecrets" };
        NoPatch = new("--no-patch-default-service-account") { Description = "Stop adding the Secret to default ServiceAccounts (entries already there stay)" };
        SystemTrust = new("--system-trust") { Description = "Drop the saved CA bundle: trust the API server through the system trust store" };
        Rename = new("--rename") { Description = "A new name for the target" };
        Connections = new("CONNECTION")
        {
            Description = update ? "Connections the Secret carries, replacing the saved list (default: keep it)" : "Connections whose credentials the Secret carries",
            Arity = ArgumentArity.ZeroOrMore,
        };
    }

    public Option<string?> Server { get; }

    public Option<FileInfo?> CaFile { get; }

    public Option<bool> TokenStdin { get; }

    public Option<FileInfo?> FromKubeconfig { get; }

    public Option<string?> Context { get; }

    public Option<string[]> Namespaces { get; }

    public Option<string?> Selector { get; }

    public Option<string?> SecretName { get; }

    public Option<bool> Patch { get; }

    public Option<bool> NoPatch { get; }

    public Option<bool> SystemTrust { get; }

    public Option<string?> Rename { get; }

    public Argument<string[]> Connections { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Server, CaFile, TokenStdin, FromKubeconfig, Context, Namespaces, Selector, SecretName, Patch })
        {
            command.Options.Add(option);
        }

        if (_update)
        {
            command.Options.Add(NoPatch);
            command.Options.Add(SystemTrust);
            command.Options.Add(Rename);
        }

        command.Arguments.Add(Connections);
    }

    /// <summary>The API's input for these options; <paramref name="name"/> is the new target's name (add only).</summary>
    public async Task<PullSecretTargetInput> ReadAsync(CommandContext ctx, string? name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ctx.Get(Namespaces) is { Length: > 0 } && ctx.Get(Selector) is not null)
        {
            throw new UsageException("give --namespace or --selector, not both");
        }

        if (ctx.Get(Patch) && ctx.Get(NoPatch))
        {
            throw new UsageException("give --patch-default-service-account or --no-patch-default-service-account, not both");
        }

        if (ctx.Get(CaFile) is not null && ctx.Get(SystemTrust))
        {
            throw new UsageException("give --ca-file or --system-trust, not both");
        }

        if (ctx.Get(Context) is not null && ctx.Get(FromKubeconfig) is null)
        {
            throw new UsageException("--context names a context of the kubeconfig given with --from-kubeconfig FILE");
        }

        var cluster = ctx.Get(FromKubeconfig) is { } file ? FromKubeConfig(file, ctx.Get(Context)) : null;
        var namespaces = (ctx.Get(Namespaces) ?? []).SelectMany(n => n.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        var connections = ctx.Get(Connections) ?? [];
        return new PullSecretTargetInput
        {
            Name = name ?? ctx.Get(Rename),
            Server = ctx.Get(Server) ?? cluster?.Server.ToString(),
            CaBundlePem = ctx.Get(CaFile) is { } ca ? ReadCa(ca) : ctx.Get(SystemTrust) ? "" : cluster is null ? null : cluster.CaPem ?? "",
            Token = ctx.Get(TokenStdin) ? await ReadTokenAsync(ctx.In, ct).ConfigureAwait(false) : cluster?.Token,
            Namespaces = namespaces.Count > 0 ? namespaces : _update ? null : [],
            NamespaceSelector = ctx.Get(Selector),
            SecretName = ctx.Get(SecretName),
            Connections = connections.Length > 0 ? connections : _update ? null : [],
            PatchDefaultServiceAccount = ctx.Get(Patch) ? true : ctx.Get(NoPatch) ? false : _update ? null : false,
        };
    }

    /// <summary>The flag a use-case field comes from, so a validation error says what to pass.</summary>
    public static string FlagFor(string field) => field switch
    {
        "name" => "NAME",
        "server" => "--server (or --from-kubeconfig)",
        "caBundle" => "--ca-file",
        "token" => "--token-stdin (or --from-kubeconfig)",
        "namespaces" => "--namespace",
        "namespaceSelector" => "--selector",
        "secretName" => "--secret-name",
        "connections" => "CONNECTION",
        _ => field,
    };

    /// <summary>A target holds a server, a CA and a bearer token: a kubeconfig that authenticates otherwise cannot give one.</summary>
    private static KubeConfigContext FromKubeConfig(FileInfo file, string? context)
    {
        var config = KubeConfigReader.Read(file.FullName, context);
        if (config.InsecureSkipTlsVerify)
        {
            throw new UsageException($"kubeconfig '{file.FullName}': context '{config.Name}' skips TLS verification, which a pull-secret target never does; give the API server's CA with --ca-file");
        }

        if (config.Token is null)
        {
            throw new UsageException($"kubeconfig '{file.FullName}': context '{config.Name}' has no bearer token (a pull-secret target authenticates as a service account); pipe one to --token-stdin, e.g. from 'kubectl create token NAME'");
        }

        return config;
    }

    private static string ReadCa(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UsageException($"--ca-file: '{file.FullName}' does not exist");
        }

        return file.Length > MaxTokenChars * 16
            ? throw new UsageException($"--ca-file: '{file.FullName}' is larger than 1 MiB; is it a PEM CA bundle?")
            : File.ReadAllText(file.FullName);
    }

    /// <summary>The token on stdin, bounded; the newline `echo` adds is not part of it.</summary>
    private static async Task<string> ReadTokenAsync(TextReader stdin, CancellationToken ct)
    {
        var buffer = new char[MaxTokenChars + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stdin.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        if (read > MaxTokenChars)
        {
            throw new UsageException($"--token-stdin: standard input holds more than {MaxTokenChars / 1024} KiB; a bearer token is one line");
        }

        var token = new string(buffer, 0, read).Trim();
        return token.Length == 0 ? throw new UsageException("--token-stdin: standard input was empty") : token;
    }
}
