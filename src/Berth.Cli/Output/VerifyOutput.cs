using Berth.Cli.Json;
using Berth.Connections.Verification;

namespace Berth.Cli.Output;

/// <summary>Prints a verification step by step, as Halyard does.</summary>
internal static class VerifyOutput
{
    public static void Write(TextWriter output, VerifyReport report)
    {
        foreach (var step in report.Steps)
        {
            var mark = step.Outcome switch
            {
                VerifyOutcome.Ok => "ok  ",
                VerifyOutcome.Warning => "warn",
                VerifyOutcome.Failed => "FAIL",
                _ => "skip",
            };
            output.WriteLine($"  {mark}  {step.Name}: {step.Message}");
        }
    }

    public static VerifyResult ToJson(string name, VerifyReport report) => new(
        name,
        report.Ok,
        report.Summary,
        report.Steps.Select(s => new VerifyStepResult(s.Name, s.Outcome.ToString().ToLowerInvariant(), s.Message)).ToList(),
        report.CredentialExpiresAt);
}
