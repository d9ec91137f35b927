using System.Collections.Concurrent;

namespace Berth.Connections.Storage;

/// <summary>
/// On PostgreSQL, the organizations' connections versions (migration 0013) remembered while this process listens for
/// their changes (<c>NOTIFY berth_connections</c>, sent by the same triggers that move them): a list request then
/// checks its kept answer without a round trip to the database. A change by another replica is heard within
/// moments; one made through this store is forgotten before its call returns. While not listening nothing is
/// remembered and every check reads the database.
/// </summary>
internal sealed class ConnectionsVersions
{
    public const string Channel = "berth_connections";

    private readonly ConcurrentDictionary<Guid, long> _known = new();
    private long _forgets;
    private volatile bool _listening;

    public bool IsListening => _listening;

    /// <summary>Bumped by every forget: a version read before one may be stale and is not remembered.</summary>
    public long Forgets => Interlocked.Read(ref _forgets);

    public bool TryGet(Guid organizationId, out long version)
    {
        version = 0;
        return _listening && _known.TryGetValue(organizationId, out version);
    }

    public void Remember(Guid organizationId, long version, long forgetsBefore)
    {
        if (!_listening)
        {
            return;
        }

        _known[organizationId] = version;
        if (Forgets != forgetsBefore)
        {
            _known.TryRemove(organizationId, out _);
        }
    }

    public void Forget(Guid organizationId)
    {
        Interlocked.Increment(ref _forgets);
        _known.TryRemove(organizationId, out _);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _forgets);
        _known.Clear();
    }

    /// <summary>Listens until cancelled; reconnects after a failure, remembering nothing meanwhile.</summary>
    public Task ListenAsync(SqlDialect dialect, Action<Exception>? onFailure, TimeProvider time, CancellationToken cancellationToken) =>
        PostgresChannel.FollowAsync(
            dialect,
            Channel,
            payload =>
            {
                if (Guid.TryParse(payload, out var organization))
                {
                    Forget(organization);
                }
                else
                {
                    ForgetAll();
                }
            },
            listening => _listening = listening,
            ForgetAll,
            onFailure,
            time,
            cancellationToken);
}
