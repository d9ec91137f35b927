namespace Berth.Connections.Verification;

/// <summary>The steps of a verification; it passed when none failed (warnings are fine, Halyard's rule).</summary>
public sealed record VerifyReport(IReadOnlyList<VerifyStep> Steps, DateTimeOffset? CredentialExpiresAt)
{
    /// <summary>What the registry showed it can do; null when verification stopped before the probe.</summary>
    public Capabilities.RegistryCapabilities? Capabilities { get; init; }

    public bool Ok => Steps.All(s => s.Outcome != VerifyOutcome.Failed);

    public string Summary
    {
        get
        {
            var failed = Steps.FirstOrDefault(s => s.Outcome == VerifyOutcome.Failed);
            if (failed is not null)
            {
                return $"{failed.Name} failed: {failed.Message}";
            }

            var warnings = Steps.Count(s => s.Outcome == VerifyOutcome.Warning);
            return warnings == 0 ? "verified" : $"verified with {warnings} warning{(warnings == 1 ? "" : "s")}";
        }
    }
}
