namespace Berth.Cli;

/// <summary>
/// Where commands read <c>-</c> (stdin) from. System.CommandLine's InvocationConfiguration carries only
/// output writers, so the in-process test harness supplies input here; it flows with the async call.
/// </summary>
internal static class StandardInput
{
    private static readonly AsyncLocal<Stream?> Override = new();

    /// <summary>The stream for this invocation: the one <c>CliApp.RunAsync</c> was given, else the process's stdin.</summary>
    public static Stream Open() => Override.Value ?? Console.OpenStandardInput();

    internal static void Set(Stream? stdin) => Override.Value = stdin;
}
