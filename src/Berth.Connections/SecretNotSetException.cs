using Berth.Errors;

namespace Berth.Connections;

/// <summary>
/// A secret field was asked for that the connection does not have. The operation that needed it failed; the
/// message says how to set it.
/// </summary>
public sealed class SecretNotSetException(string name)
    : BerthException($"secret field '{name}' is not set on this connection; set it with 'berth connect' or choose a field that is set")
{
    public override ErrorCategory Category => ErrorCategory.Failed;

    public string Name { get; } = name;
}
