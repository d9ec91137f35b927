using System.CommandLine;

namespace Berth.Cli;

/// <summary>What a running command needs: its parse result, writers, stdin and output format.</summary>
internal sealed class CommandContext(ParseResult parse)
{
    public ParseResult Parse { get; } = parse;

    public TextWriter Out => Parse.InvocationConfiguration.Output;

    public TextWriter Error => Parse.InvocationConfiguration.Error;

    private TextReader? _in;

    /// <summary>Standard input (or what the in-process harness supplied), opened on first use.</summary>
    public TextReader In => _in ??= new StreamReader(StandardInput.Open());

    public bool Json => Parse.GetValue(GlobalOptions.Output) == OutputFormat.Json;

    /// <summary>The logger for registry traffic: stderr with <c>--debug</c>, else nothing.</summary>
    public Microsoft.Extensions.Logging.ILogger Logger => Parse.GetValue(GlobalOptions.Debug)
        ? new Output.StderrLogger(Error)
        : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);
}
