using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Berth.Connections.Storage;

/// <summary>
/// Interprets --database / BERTH_DATABASE: empty → SQLite <c>berth.db</c> in the data directory;
/// <c>postgres://</c> / <c>postgresql://</c> URLs and <c>Host=</c>/<c>Server=</c> strings → PostgreSQL;
/// <c>Data Source=</c> strings and bare paths → SQLite. Messages never echo the value (it may hold a password).
/// </summary>
internal sealed record DatabaseSetting(StoreBackend Backend, string ConnectionString)
{
    public const string EnvironmentVariable = "BERTH_DATABASE";
    public const string DefaultFileName = "berth.db";

    public static DatabaseSetting Parse(string? setting, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return Sqlite(Path.Combine(dataDirectory, DefaultFileName));
        }

        var value = setting.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseSetting(StoreBackend.Postgres, FromUrl(value));
        }

        if (!value.Contains('=', StringComparison.Ordinal))
        {
            return Sqlite(value);
        }

        DbConnectionStringBuilder parsed;
        try
        {
            parsed = new DbConnectionStringBuilder { ConnectionString = value };
        }
        catch (ArgumentException)
        {
            throw new DatabaseSettingException(
                "the database setting looks like a connection string but cannot be parsed; use 'Host=...;Database=...' for PostgreSQL, 'Data Source=PATH' or a plain path for SQLite");
        }

        if (parsed.ContainsKey("Host") || parsed.ContainsKey("Server"))
        {
            try
            {
                return new DatabaseSetting(StoreBackend.Postgres, new NpgsqlConnectionStringBuilder(value).ConnectionString);
            }
            catch (ArgumentException e)
            {
                throw new DatabaseSettingException($"the PostgreSQL connection string is not valid: {KeywordOnly(e)}");
            }
        }

        if (parsed.ContainsKey("Data Source") || parsed.ContainsKey("DataSource") || parsed.ContainsKey("Filename"))
        {
            try
            {
                var sqlite = new SqliteConnectionStringBuilder(value);
                return Sqlite(sqlite.DataSource, sqlite);
            }
            catch (ArgumentException e)
            {
                throw new DatabaseSettingException($"the SQLite connection string is not valid: {KeywordOnly(e)}");
            }
        }

        throw new DatabaseSettingException(
            "the database setting is a connection string without Host/Server (PostgreSQL) or Data Source (SQLite); give one of those, a postgresql:// URL, or a file path");
    }

    private static DatabaseSetting Sqlite(string path, SqliteConnectionStringBuilder? builder = null)
    {
        builder ??= new SqliteConnectionStringBuilder();
        builder.DataSource = Path.GetFullPath(path);
        builder.Pooling = true;
        return new DatabaseSetting(StoreBackend.Sqlite, builder.ConnectionString);
    }

    /// <summary><c>postgresql://user:pass@host:port/db?sslmode=require</c> → an Npgsql connection string.</summary>
    private static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new DatabaseSettingException("the PostgreSQL URL cannot be parsed; expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            try
            {
                // libpq spells these differently from Npgsql.
                builder[key.ToLowerInvariant() switch
                {
                    "sslmode" => "SSL Mode",
                    "application_name" => "Application Name",
                    "connect_timeout" => "Timeout",
                    _ => key,
                }] = value;
            }
            catch (ArgumentException)
            {
                throw new DatabaseSettingException($"the PostgreSQL URL has an unsupported parameter '{key}'");
            }
        }

        return builder.ConnectionString;
    }

    // Npgsql's messages name the keyword, not the value; keep only the first line to be sure.
    private static string KeywordOnly(ArgumentException e) => e.Message.Split('\n')[0].Trim();
}
