namespace Berth.Server.Registries;

/// <summary>One step of a verify: ping, authenticate, or listing one repository; status ok, warning or failed.</summary>
public sealed record VerifyStep(string Name, string Status, string Message);
