using System.CommandLine;

namespace Berth.Cli;

/// <summary>What a running command needs: its parse result, writers, stdin and output format.</summary>
internal sealed class CommandContext(ParseResult parse, TextReader stdin)
{
    public ParseResult Parse { get; } = parse;

    public TextWriter Out => Parse.InvocationConfiguration.Output;

    public TextWriter Error => Parse.InvocationConfiguration.Error;

    public TextReader In { get; } = stdin;

    public bool Json => Parse.GetValue(GlobalOptions.Output) == OutputFormat.Json;

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);
}
