using Berth.Errors;

namespace Berth.Connections.Storage;

/// <summary>No connection has this id (it was removed, or the id is wrong).</summary>
public sealed class ConnectionNotFoundException(Guid id)
    : BerthException($"no connection with id {id:D} exists; list connections with 'berth connect list'")
{
    public override ErrorCategory Category => ErrorCategory.NotFound;

    public Guid Id { get; } = id;
}
