namespace Berth.Server.Hosting;

/// <summary>Who may read <c>/metrics</c> (BERTH_METRICS).</summary>
public enum MetricsAccess
{
    /// <summary>Anyone who can reach the server, as Prometheus scrapes by default (<c>open</c>).</summary>
    Open,

    /// <summary>Callers with a valid API token of any role (<c>token</c>; Prometheus: <c>authorization: credentials</c>).</summary>
    Token,
}
