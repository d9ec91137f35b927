using Berth.Errors;

namespace Berth.Connections.Storage;

/// <summary>No organization has this id.</summary>
public sealed class OrganizationNotFoundException(Guid id)
    : BerthException($"no organization with id {id:D} exists")
{
    public override ErrorCategory Category => ErrorCategory.NotFound;

    public Guid Id { get; } = id;
}
