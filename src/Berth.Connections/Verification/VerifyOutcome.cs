namespace Berth.Connections.Verification;

public enum VerifyOutcome
{
    Ok,
    Warning,
    Failed,
    Skipped,
}
