namespace Berth.Connections.Verification;

/// <summary>One step of a verification and what came of it; messages never hold secrets.</summary>
public sealed record VerifyStep(string Name, VerifyOutcome Outcome, string Message);
