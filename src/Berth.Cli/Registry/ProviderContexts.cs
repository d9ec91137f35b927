using Berth.Connections.Providers;

namespace Berth.Cli.Registry;

/// <summary>The provider context of the CLI: real endpoints unless a test overrides them through the environment.</summary>
internal static class ProviderContexts
{
    public static ProviderContext Cli { get; } = ProviderContext.Default with { Endpoints = ProviderEndpoints.FromEnvironment() };
}
