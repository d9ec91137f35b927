using System.Text;
using Berth.Connections;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;

namespace Berth.Cli.Tests.DockerConfig;

/// <summary>Helpers shared by the dockercfg and credential-helper tests.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, sh scripts and skopeo
internal static class ExportTestSupport
{
    public static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    /// <summary>The audit rows the CLI wrote into a data directory's store (the same SQLite file the AOT binary writes).</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(string dataDirectory)
    {
        await using var store = await StoreFactory.OpenAsync(null, dataDirectory, AesGcmSecretProtector.Load(dataDirectory, _ => null), CancellationToken.None);
        var org = await store.EnsureOrganizationAsync("default", CancellationToken.None);
        return await store.ListAuditAsync(org.Id, 100, CancellationToken.None);
    }

    public static async Task<IReadOnlyList<Connection>> ConnectionsAsync(string dataDirectory)
    {
        await using var store = await StoreFactory.OpenAsync(null, dataDirectory, AesGcmSecretProtector.Load(dataDirectory, _ => null), CancellationToken.None);
        var org = await store.EnsureOrganizationAsync("default", CancellationToken.None);
        return await store.ListConnectionsAsync(org.Id, CancellationToken.None);
    }

    /// <summary>Writes an executable shell script.</summary>
    public static async Task WriteScriptAsync(string path, string body)
    {
        await File.WriteAllTextAsync(path, body.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
