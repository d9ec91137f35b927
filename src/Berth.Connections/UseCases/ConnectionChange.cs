using Berth.Connections.Verification;

namespace Berth.Connections.UseCases;

/// <summary>
/// The outcome of a create or update: the saved connection, or null when verification failed and nothing was
/// saved; <see cref="Report"/> is null when verification was skipped.
/// </summary>
public sealed record ConnectionChange(Connection? Saved, VerifyReport? Report)
{
    public bool IsSaved => Saved is not null;
}
