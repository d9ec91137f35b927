namespace Berth.Testing;

/// <summary>Exit code and captured output of an external tool run by the fixtures.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
