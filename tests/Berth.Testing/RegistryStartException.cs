namespace Berth.Testing;

/// <summary>A test registry did not come up; the message carries the end of its log.</summary>
public sealed class RegistryStartException : Exception
{
    public RegistryStartException(string message)
        : base(message)
    {
    }

    public RegistryStartException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
