using System.Collections.Immutable;

namespace Berth.DockerConfig;

/// <summary>
/// An immutable docker config file: <c>auths</c>, <c>credsStore</c>, <c>credHelpers</c> and every other
/// top-level key kept verbatim so a read-modify-write never loses settings Berth does not know
/// (<c>psFormat</c>, <c>proxies</c>, <c>HttpHeaders</c>, ...).
/// </summary>
public sealed record DockerConfigFile
{
    public static DockerConfigFile Empty { get; } = new();

    /// <summary>Server key as written in the file → credentials. Keys are kept as spelled; use <see cref="FindAuth"/> to look up by host.</summary>
    public ImmutableSortedDictionary<string, DockerAuthEntry> Auths { get; init; } =
        ImmutableSortedDictionary.Create<string, DockerAuthEntry>(StringComparer.Ordinal);

    /// <summary>Default credential helper suffix (<c>desktop</c> → <c>docker-credential-desktop</c>), or null.</summary>
    public string? CredsStore { get; init; }

    /// <summary>Registry host → credential helper suffix, taking precedence over <see cref="CredsStore"/>.</summary>
    public ImmutableSortedDictionary<string, string> CredHelpers { get; init; } =
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Top-level keys Berth does not interpret, name → raw JSON text of the value, in file order.</summary>
    public ImmutableList<KeyValuePair<string, string>> OtherSettings { get; init; } = [];

    /// <summary>The shape the file was read in; the writer uses it by default.</summary>
    public DockerConfigFormat Format { get; init; } = DockerConfigFormat.ConfigJson;

    /// <summary>Adds or replaces the entry for a registry, keyed as docker would key it (Hub as <c>https://index.docker.io/v1/</c>).</summary>
    public DockerConfigFile WithAuth(string server, DockerAuthEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var auths = RemoveSameRegistry(Auths, server);
        return this with { Auths = auths.SetItem(DockerServerKey.ToConfigKey(server), entry) };
    }

    /// <summary>Removes every entry that refers to the registry, whatever its spelling.</summary>
    public DockerConfigFile WithoutAuth(string server) => this with { Auths = RemoveSameRegistry(Auths, server) };

    /// <summary>The entry for a registry host or URL, matching any spelling of the key; null when absent.</summary>
    public DockerAuthEntry? FindAuth(string server)
    {
        if (Auths.TryGetValue(server, out var exact))
        {
            return exact;
        }

        var host = DockerServerKey.Normalize(server);
        foreach (var (key, entry) in Auths)
        {
            if (DockerServerKey.Normalize(key) == host)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The credential helper suffix docker would use for a registry: <c>credHelpers</c> first, then <c>credsStore</c>.</summary>
    public string? FindCredentialHelper(string server)
    {
        var host = DockerServerKey.Normalize(server);
        foreach (var (key, helper) in CredHelpers)
        {
            if (DockerServerKey.Normalize(key) == host)
            {
                return helper;
            }
        }

        return string.IsNullOrEmpty(CredsStore) ? null : CredsStore;
    }

    private static ImmutableSortedDictionary<string, DockerAuthEntry> RemoveSameRegistry(
        ImmutableSortedDictionary<string, DockerAuthEntry> auths, string server)
    {
        var host = DockerServerKey.Normalize(server);
        return auths.RemoveRange(auths.Keys.Where(k => DockerServerKey.Normalize(k) == host).ToList());
    }
}
