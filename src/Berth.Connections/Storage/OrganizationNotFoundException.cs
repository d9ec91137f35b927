namespace Berth.Connections.Storage;

/// <summary>No organization has this id.</summary>
public sealed class OrganizationNotFoundException(Guid id)
    : Exception($"no organization with id {id:D} exists")
{
    public Guid Id { get; } = id;
}
