namespace Berth.Server;

/// <summary>How one server instance starts: where it listens, which store it uses, how often background work runs.</summary>
public sealed record BerthServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public string Urls { get; init; } = DefaultUrls;

    /// <summary>Data directory (key file, default SQLite database); resolved like the CLI's --data-dir when null.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>--database / BERTH_DATABASE: null for SQLite in the data directory.</summary>
    public string? Database { get; init; }

    /// <summary>Where the first-run bootstrap token is printed (standard output by default).</summary>
    public TextWriter? BootstrapOutput { get; init; }

    public const string FailedAuthenticationsVariable = "BERTH_FAILED_AUTHENTICATIONS_PER_MINUTE";

    public const string TokenRequestsVariable = "BERTH_TOKEN_REQUESTS_PER_MINUTE";

    public const string TokenCacheVariable = "BERTH_TOKEN_CACHE_SECONDS";

    /// <summary>
    /// Failed authentications (unknown, revoked or malformed API tokens, failed dashboard sign-ins) one client address
    /// may make per minute before every further one is answered 429; 0 turns the limit off. Valid tokens never count.
    /// </summary>
    public int FailedAuthenticationsPerMinute { get; init; } = 30;

    /// <summary>
    /// Requests one valid API token may make per minute (a token bucket: a minute's worth at once, refilled evenly);
    /// beyond it 429 with Retry-After. 0 turns quotas off. Generous: a CI fleet sharing a token stays under it.
    /// </summary>
    public int TokenRequestsPerMinute { get; init; } = 12_000;

    /// <summary>
    /// How long a valid API token's record is trusted without reading the database again: the bound on how long a
    /// revoked token (or a ci token's narrowed connections) may still be honoured by a replica that did not make the
    /// change. On PostgreSQL replicas are told at once (LISTEN/NOTIFY), so this bound applies only while a replica's
    /// listener is reconnecting; the replica that revokes forgets at once. Zero turns the cache off.
    /// </summary>
    public TimeSpan TokenCacheLifetime { get; init; } = TimeSpan.FromSeconds(5);

    public const string MetricsVariable = "BERTH_METRICS";

    /// <summary>Who may scrape /metrics: anyone (default, as Prometheus expects) or callers with an API token.</summary>
    public Hosting.MetricsAccess Metrics { get; init; } = Hosting.MetricsAccess.Open;

    /// <summary>Console logs as JSON lines (BERTH_LOG_FORMAT=json), each with its scope: trace and span ids.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>Tick of the background jobs; each job runs at most once per tick across all replicas.</summary>
    public TimeSpan BackgroundInterval { get; init; } = TimeSpan.FromMinutes(1);

    public bool BackgroundJobs { get; init; } = true;

    /// <summary>A connection is verified again in the background when its last verify is older than this.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Listing cache lifetime for connections without their own cache interval.</summary>
    public TimeSpan DefaultCacheInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest one browse (the API's repositories, tags and manifest; the dashboard's Images pages) may wait on a
    /// registry in all, however slow or stalled it is (see docs/limits.md).
    /// </summary>
    public TimeSpan BrowseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often this replica tells the clustered job store it is alive (PostgreSQL only).</summary>
    public TimeSpan JobCheckinInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long past a missed check-in the other replicas wait before recovering this one's running jobs.</summary>
    public TimeSpan JobCheckinMisfireThreshold { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How late a trigger may fire before it counts as misfired (and follows its misfire instruction).</summary>
    public TimeSpan JobMisfireThreshold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the scheduler sleeps when it finds no trigger due (at least one second).</summary>
    public TimeSpan JobIdleWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Jobs this replica runs at once (copies, replication runs, periodic work).</summary>
    public int JobConcurrency { get; init; } = 8;

    /// <summary>Names this replica in the job engine's cluster and in logs.</summary>
    public string InstanceId { get; init; } = Environment.MachineName + "-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>Token services and clock for credential derivation (tests point these at local fakes).</summary>
    internal Berth.Connections.Providers.ProviderContext? ProviderContext { get; init; }

    /// <summary>Allows registry URLs on link-local addresses (tests only; never on a real server).</summary>
    internal bool AllowLinkLocalRegistries { get; init; }

    /// <summary>Parses <c>--urls</c>, <c>--data-dir</c>, <c>--database</c> (falling back to BERTH_HOME and BERTH_DATABASE).</summary>
    /// <exception cref="ArgumentException">An unknown option or a missing value.</exception>
    public static BerthServerOptions FromArgs(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;
        string? urls = null, dataDir = null, database = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inline ?? (++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value"));
            switch (name)
            {
                case "--urls":
                    urls = Value();
                    break;
                case "--data-dir":
                    dataDir = Value();
                    break;
                case "--database":
                    database = Value();
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'; berth-server takes --urls URL, --data-dir DIR and --database CONN");
            }
        }

        var options = new BerthServerOptions
        {
            Urls = string.IsNullOrWhiteSpace(urls) ? environment("BERTH_URLS") is { Length: > 0 } u ? u : DefaultUrls : urls,
            DataDirectory = Berth.Connections.DataDirectory.Resolve(dataDir, environment),
            Database = string.IsNullOrWhiteSpace(database) ? environment("BERTH_DATABASE") : database,
            FailedAuthenticationsPerMinute = Count(environment, FailedAuthenticationsVariable) ?? 30,
            TokenRequestsPerMinute = Count(environment, TokenRequestsVariable) ?? 12_000,
            TokenCacheLifetime = TimeSpan.FromSeconds(Count(environment, TokenCacheVariable) ?? 5),
            Metrics = environment(MetricsVariable) switch
            {
                null or "" or "open" => Hosting.MetricsAccess.Open,
                "token" => Hosting.MetricsAccess.Token,
                var other => throw new ArgumentException($"{MetricsVariable} must be 'open' (anyone may scrape /metrics) or 'token' (an API token is required), not '{other}'"),
            },
            JsonLogs = string.Equals(environment("BERTH_LOG_FORMAT"), "json", StringComparison.OrdinalIgnoreCase),
        };

        // Cluster tuning for operators (and the replica tests): a replica's name, and how fast a dead one is noticed.
        if (environment("BERTH_INSTANCE_ID") is { Length: > 0 } instance)
        {
            options = options with { InstanceId = instance };
        }

        if (Seconds(environment, "BERTH_JOB_CHECKIN_SECONDS") is { } checkin)
        {
            options = options with { JobCheckinInterval = checkin };
        }

        if (Seconds(environment, "BERTH_JOB_RECOVERY_SECONDS") is { } recovery)
        {
            options = options with { JobCheckinMisfireThreshold = recovery };
        }

        return options;
    }

    private static TimeSpan? Seconds(Func<string, string?> environment, string name)
    {
        var text = environment(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} must be a number of seconds between 0 and 3600, got '{text}'");
    }

    /// <summary>A whole number of at least 0 from the environment; null when unset.</summary>
    /// <exception cref="ArgumentException">Set to something else.</exception>
    private static int? Count(Func<string, string?> environment, string variable) =>
        environment(variable) is not { Length: > 0 } text ? null
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw new ArgumentException($"{variable} must be a whole number of at least 0, not '{text}'");
}
