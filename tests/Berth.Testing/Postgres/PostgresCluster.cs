using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Berth.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster (Debian's server binaries) on 127.0.0.1 and a free port, trust auth, fsync off.
/// PostgreSQL refuses to run as root, so as root the server tools run as the 'postgres' OS user.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private string _root = "";
    private string _bin = "";

    public int Port { get; private set; }

    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=30";

    public async Task InitializeAsync()
    {
        _bin = FindBinDirectory();
        _root = Path.Combine("/tmp", "berth-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        }

        var data = Path.Combine(_root, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres: true);

        // A port can be taken between probing and binding; try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await RunAsync(
                    Path.Combine(_bin, "pg_ctl"),
                    ["-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o",
                        $"-k {_root} -h 127.0.0.1 -p {Port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"],
                    asPostgres: true);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_root.Length == 0)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A fresh, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>pg_dump of one database as SQL text: everything a backup of it would hold.</summary>
    public Task<string> DumpAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        return RunAsync(Path.Combine(_bin, "pg_dump"), ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "-d", database], asPostgres: false);
    }

    private static string FindBinDirectory()
    {
        const string preferred = "/usr/lib/postgresql/15/bin";
        if (File.Exists(Path.Combine(preferred, "initdb")))
        {
            return preferred;
        }

        var any = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        return any ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql; install the 'postgresql' Debian package (test.sh does)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = file;
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await stdout;
    }
}
