namespace Berth.Testing;

/// <summary>A skopeo command exited non-zero; carries its exit code and stderr (credentials are passed by auth file, never on the command line).</summary>
public sealed class SkopeoException : Exception
{
    public SkopeoException(string message)
        : base(message)
    {
    }

    public SkopeoException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SkopeoException(string command, ProcessResult result)
        : base($"skopeo {command} failed with exit code {result?.ExitCode}: {result?.Stderr.Trim()}")
    {
        Result = result;
    }

    public ProcessResult? Result { get; }
}
