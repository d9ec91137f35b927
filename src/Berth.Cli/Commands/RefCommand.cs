using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.References;

namespace Berth.Cli.Commands;

/// <summary><c>berth ref IMAGE</c>: parse a reference and show how Berth normalises it. Works offline.</summary>
internal static class RefCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE")
        {
            Description = "Image reference, e.g. nginx, ghcr.io/org/app:1.2, localhost:5000/a@sha256:…",
        };
        var command = new Command("ref", "Parse and normalise an image reference") { image };
        command.SetAction(parse =>
        {
            var input = parse.GetValue(image) ?? string.Empty;
            var output = parse.InvocationConfiguration.Output;
            if (!ImageReference.TryParse(input, out var reference, out var error))
            {
                // Same text as ReferenceFormatException.Message, which also masks credentials in a pasted URL.
                var shown = new ReferenceFormatException(input, error).Message;
                parse.InvocationConfiguration.Error.WriteLine($"berth: {shown}");
                return ExitCodes.Usage;
            }

            var result = RefOutput.From(input, reference);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                CliJson.Write(output, result, CliJsonContext.Default.RefOutput);
            }
            else
            {
                KeyValueList.Write(output,
                [
                    new("input", result.Input),
                    new("registry", result.Registry),
                    new("api host", result.ApiHost),
                    new("repository", result.Repository),
                    new("tag", result.Tag),
                    new("digest", result.Digest),
                    new("name", result.Name),
                    new("canonical", result.Canonical),
                    new("familiar", result.Familiar),
                ]);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
