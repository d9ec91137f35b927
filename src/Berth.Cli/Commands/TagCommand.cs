using System.CommandLine;
using System.Text.Json;
using Berth.Cli.Json;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary><c>berth tag render TEMPLATE [--set Key=Value]... [--from-env]</c>: render an image tag template.</summary>
internal static class TagCommand
{
    public static Command Create()
    {
        var command = new Command("tag", "Image tag templates (Go text/template, Codeship image_tag fields)");
        command.Subcommands.Add(CreateRender());
        return command;
    }

    private static Command CreateRender()
    {
        var template = new Argument<string>("TEMPLATE")
        {
            Description = "Go template, e.g. '{{ .CiName }}-{{ .Branch }}' or '{{ .Branch }}-{{ .Time.Format \"20060102\" }}'",
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Set a field, e.g. --set Branch=main (field names as documented, or CI_* variable names); repeatable; wins over --from-env",
            AllowMultipleArgumentsPerToken = false,
        };
        var fromEnv = new Option<bool>("--from-env")
        {
            Description = "Read the Codeship CI variables (CI_BRANCH, CI_COMMIT_ID, CI_BUILD_ID, …) from the environment",
        };
        var render = new Command("render", "Render a tag template and print the tag (invalid tag characters stripped, cut to 128)")
        {
            template,
            set,
            fromEnv,
        };
        render.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var vars = CollectVariables(parse.GetValue(set) ?? [], parse.GetValue(fromEnv));
                var data = TagTemplateData.FromVariables(vars, TimeProvider.System);
                var tag = TagTemplate.RenderTag(parse.GetValue(template) ?? "", data);
                if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
                {
                    stdout.WriteLine(JsonSerializer.Serialize(new TagRenderResult(tag), TagJsonContext.Default.TagRenderResult));
                }
                else
                {
                    stdout.WriteLine(tag);
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is TemplateException or TagVariableException or ArgumentException)
            {
                stderr.WriteLine($"berth: {ex.Message}");
                return ExitCodes.Usage;
            }
        });
        return render;
    }

    private static Dictionary<string, string> CollectVariables(string[] sets, bool fromEnv)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fromEnv)
        {
            foreach (var (name, _) in TagTemplateData.EnvironmentVariables)
            {
                if (Environment.GetEnvironmentVariable(name) is { } value)
                {
                    vars[name] = value;
                }
            }
        }

        foreach (var pair in sets)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--set expects Key=Value, got \"{pair}\"");
            }

            var key = pair[..eq];
            if (!TagTemplateData.FieldNames.Contains(key) && !TagTemplateData.EnvironmentVariables.Any(e => e.Key == key))
            {
                throw new ArgumentException(
                    $"--set {key}: unknown template field; use one of {string.Join(", ", TagTemplateData.FieldNames)} (or a CI_* variable)");
            }

            vars[key] = pair[(eq + 1)..];
        }

        return vars;
    }
}
