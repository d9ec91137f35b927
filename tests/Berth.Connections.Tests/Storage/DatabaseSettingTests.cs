using Berth.Connections.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Berth.Connections.Tests.Storage;

public sealed class DatabaseSettingTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_setting_means_berth_db_in_the_data_directory(string? setting)
    {
        var parsed = DatabaseSetting.Parse(setting, "/var/lib/berth");
        Assert.Equal(StoreBackend.Sqlite, parsed.Backend);
        Assert.Equal("/var/lib/berth/berth.db", new SqliteConnectionStringBuilder(parsed.ConnectionString).DataSource);
    }

    [Theory]
    [InlineData("Data Source=/data/b.db", "/data/b.db")]
    [InlineData("/data/c.db", "/data/c.db")]
    public void Sqlite_paths_and_connection_strings(string setting, string path)
    {
        var parsed = DatabaseSetting.Parse(setting, "/unused");
        Assert.Equal(StoreBackend.Sqlite, parsed.Backend);
        Assert.Equal(path, new SqliteConnectionStringBuilder(parsed.ConnectionString).DataSource);
    }

    [Theory]
    [InlineData("Host=db.internal;Database=berth;Username=berth", "db.internal", 5432, "berth", "berth", null)]
    [InlineData("host=db;database=x", "db", 5432, "x", null, null)]
    [InlineData("Server=db2;Port=6000;Database=y;Password=pw", "db2", 6000, "y", null, "pw")]
    [InlineData("postgres://berth:p%40ss%3Aword@db.example.com:6543/berth_prod", "db.example.com", 6543, "berth_prod", "berth", "p@ss:word")]
    [InlineData("postgresql://db.example.com/other", "db.example.com", 5432, "other", null, null)]
    public void Postgres_connection_strings_and_urls(string setting, string host, int port, string database, string? user, string? password)
    {
        var parsed = DatabaseSetting.Parse(setting, "/unused");
        var builder = new NpgsqlConnectionStringBuilder(parsed.ConnectionString);

        Assert.Equal(StoreBackend.Postgres, parsed.Backend);
        Assert.Equal(host, builder.Host);
        Assert.Equal(port, builder.Port);
        Assert.Equal(database, builder.Database);
        Assert.Equal(user, builder.Username);
        Assert.Equal(password, builder.Password);
    }

    [Fact]
    public void Url_query_parameters_use_libpq_names()
    {
        var parsed = DatabaseSetting.Parse("postgresql://u:pw@h:5433/d?sslmode=require&application_name=berth", "/unused");
        var builder = new NpgsqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("berth", builder.ApplicationName);
    }

    [Theory]
    [InlineData("User ID=x;Password=TopSecret99")]
    [InlineData("postgresql://u:TopSecret99@h/d?bogus_option=1")]
    public void Unusable_settings_fail_without_echoing_a_password(string setting)
    {
        var e = Assert.Throws<DatabaseSettingException>(() => DatabaseSetting.Parse(setting, "/unused"));
        Assert.DoesNotContain("TopSecret99", e.Message, StringComparison.Ordinal);
    }
}
