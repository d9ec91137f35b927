using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Storage;
using Berth.Connections.UseCases;
using Berth.Connections.Verification;
using Berth.Server.Auth;

namespace Berth.Server.Registries;

/// <summary>
/// The dashboard's view of <see cref="ConnectionUseCases"/>: the same use cases, with results shaped for form
/// pages (field errors instead of exceptions). No rule lives here.
/// </summary>
internal sealed class ConnectionService(ConnectionUseCases useCases, IRegistryTypes types)
{
    private const string DetachHint = "remove it with 'detach' to narrow or revoke those tokens";

    public IRegistryTypes Types => types;

    public Task<IReadOnlyList<Connection>> ListAsync(Caller caller, CancellationToken ct) => useCases.ListAsync(caller.ToActor(), ct);

    public Task<Connection?> FindAsync(Caller caller, string name, CancellationToken ct) => useCases.FindAsync(caller.ToActor(), name, ct);

    public Task<ServiceResult<Connection>> CreateAsync(Caller caller, ConnectionInput input, CancellationToken ct) =>
        Shape(async () => (await useCases.CreateAsync(caller.ToActor(), input, verify: false, ct).ConfigureAwait(false)).Saved!);

    public Task<ServiceResult<Connection>> RenameAsync(Caller caller, string name, string? newName, CancellationToken ct) =>
        Shape(() => useCases.RenameAsync(caller.ToActor(), name, newName, ct));

    public async Task<bool> RemoveAsync(Caller caller, string name, CancellationToken ct)
    {
        try
        {
            await useCases.RemoveAsync(caller.ToActor(), name, RemoveMode.Detach, DetachHint, ct).ConfigureAwait(false);
            return true;
        }
        catch (UnknownConnectionException)
        {
            return false;
        }
    }

    public Task<VerifyReport> VerifyAsync(Connection connection, string actor, CancellationToken ct) =>
        useCases.VerifyAsync(new Actor(connection.OrganizationId, actor), connection, ct);

    private static async Task<ServiceResult<Connection>> Shape(Func<Task<Connection>> action)
    {
        try
        {
            return ServiceResult<Connection>.Success(await action().ConfigureAwait(false));
        }
        catch (ConnectionValidationException e)
        {
            return ServiceResult<Connection>.Invalid(e.Errors.Select(x => new FieldError(x.Field, x.Message)).ToList());
        }
        catch (DuplicateConnectionNameException e)
        {
            return ServiceResult<Connection>.Taken("name", e.Message);
        }
        catch (UnknownConnectionException)
        {
            return ServiceResult<Connection>.Missing();
        }
    }
}
