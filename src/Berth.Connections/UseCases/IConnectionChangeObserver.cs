namespace Berth.Connections.UseCases;

/// <summary>
/// A <see cref="IConnectionDependents"/> source that also wants to know when a connection's credentials change
/// (new secrets, URL or type), e.g. pull-secret targets that must rewrite the Secrets carrying it.
/// </summary>
public interface IConnectionChangeObserver
{
    Task CredentialsChangedAsync(Connection connection, CancellationToken cancellationToken);
}
