using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>Every top-level command, in help order.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return RefCommand.Create();
        yield return TagsCommand.Create();
        yield return InspectCommand.Create();
        yield return ReferrersCommand.Create();
        yield return CatalogCommand.Create();
        yield return ConnectCommand.Create();
        yield return RegistriesCommand.Create();
        yield return ReposCommand.Create();
        yield return CopyCommand.Create();
        yield return PullCommand.Create();
        yield return PushCommand.Create();
        yield return SyncCommand.Create();
        yield return ReplicationCommand.Create();
        yield return ServeCommand.Create();
        yield return TokensCommand.Create();
        yield return DockerCfgCommand.Create();
        yield return CredentialHelperCommand.Create();
        yield return TagCommand.Create();
        yield return AdminCommand.Create();
        yield return KubeCommand.Create();
        yield return LoginCommand.Create();
        yield return LogoutCommand.Create();
        yield return KubeletCredentialProviderCommand.Create();
    }
}
