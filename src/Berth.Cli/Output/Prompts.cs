using Spectre.Console;

namespace Berth.Cli.Output;

/// <summary>Questions asked on a terminal for what the command line left out.</summary>
internal static class Prompts
{
    /// <summary>Only when a person can answer: stdin and stdout are terminals.</summary>
    public static bool Interactive => !Console.IsInputRedirected && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public static string Ask(string label) =>
        AnsiConsole.Prompt(new TextPrompt<string>($"{Markup.Escape(label)}:"));

    public static string AskOptional(string label) =>
        AnsiConsole.Prompt(new TextPrompt<string>($"{Markup.Escape(label)}:").AllowEmpty()).Trim();

    public static string AskSecret(string label) =>
        AnsiConsole.Prompt(new TextPrompt<string>($"{Markup.Escape(label)}:").Secret());

    public static bool Confirm(string question) => AnsiConsole.Confirm(Markup.Escape(question), defaultValue: false);
}
