namespace Berth.Connections.UseCases;

/// <summary>What removal does when saved things depend on the connection.</summary>
public enum RemoveMode
{
    /// <summary>Refuse with <see cref="ConnectionInUseException"/> naming them.</summary>
    Refuse,

    /// <summary>Remove anyway: ci tokens stop naming it (a token left with none is revoked); running copies finish with the clients they hold.</summary>
    Detach,
}
