using System.CommandLine;

namespace Berth.Cli.Registry;

/// <summary>Ad-hoc access flags shared by every command that talks to a registry.</summary>
internal static class RegistryAccessOptions
{
    public static readonly Option<string?> Username = new("--username", "-u")
    {
        Description = "Username for the registry (the password is read with --password-stdin)",
    };

    public static readonly Option<bool> PasswordStdin = new("--password-stdin")
    {
        Description = "Read the password or token from standard input",
    };

    public static readonly Option<bool> Insecure = new("--insecure")
    {
        Description = "Allow plain http and skip TLS certificate verification for this registry",
    };

    public static readonly Option<FileInfo?> CaFile = new("--ca-file")
    {
        Description = "PEM file with the CA certificate(s) that signed the registry's certificate",
    };

    public static readonly Option<int> Timeout = new("--timeout")
    {
        Description = "Seconds the registry and its token service may keep us waiting: for each answer, and for the next bytes of any body they send (default 30)",
        DefaultValueFactory = _ => 30,
    };

    /// <summary>--timeout for commands on a saved connection: overrides the connection's own for this run only.</summary>
    public static readonly Option<int?> ConnectionTimeout = new("--timeout")
    {
        Description = "Seconds the registry and its token service may keep us waiting, for this run (default: the connection's, else 30)",
    };

    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Username);
        command.Options.Add(PasswordStdin);
        command.Options.Add(Insecure);
        command.Options.Add(CaFile);
        command.Options.Add(Timeout);
    }
}
