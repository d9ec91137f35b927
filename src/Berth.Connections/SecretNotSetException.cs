namespace Berth.Connections;

/// <summary>A secret field was asked for that the connection does not have.</summary>
public sealed class SecretNotSetException(string name)
    : Exception($"secret field '{name}' is not set on this connection; set it with 'berth connect' or choose a field that is set")
{
    public string Name { get; } = name;
}
