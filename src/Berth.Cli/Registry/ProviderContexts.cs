using Berth.Connections.Providers;

namespace Berth.Cli.Registry;

/// <summary>The provider context of the CLI: real endpoints unless a test overrides them through the environment.</summary>
internal static class ProviderContexts
{
    /// <summary>
    /// Read per use, not once per process: the in-process test harness runs many commands in one process and sets
    /// the override variables only for the tests that start a fake.
    /// </summary>
    public static ProviderContext Cli => ProviderContext.Default with { Endpoints = ProviderEndpoints.FromEnvironment() };
}
