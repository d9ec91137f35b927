using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>A password file could not be read or is empty.</summary>
public sealed class PasswordFileException(string path, string message, Exception? inner = null) : BerthException(message, inner)
{
    public override ErrorCategory Category => ErrorCategory.Failed;

    public string Path { get; } = path;
}
