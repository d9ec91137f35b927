namespace Berth.Server.Registries;

/// <summary>The outcome of verifying a connection, step by step; warnings (a listed repository without tags) do not fail it.</summary>
public sealed record VerifyReport(bool Ok, DateTimeOffset VerifiedAt, IReadOnlyList<VerifyStep> Steps)
{
    public string Summary =>
        Ok
            ? Steps.Any(s => s.Status == "warning") ? "ok with warnings: " + string.Join("; ", Steps.Where(s => s.Status == "warning").Select(s => s.Message)) : "ok"
            : string.Join("; ", Steps.Where(s => s.Status == "failed").Select(s => s.Name + ": " + s.Message));
}
