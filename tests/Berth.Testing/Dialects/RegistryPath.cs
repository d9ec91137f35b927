namespace Berth.Testing.Dialects;

/// <summary>What a <c>/v2/…</c> request is about.</summary>
internal enum RegistryPathKind
{
    Ping,
    Catalog,
    Tags,
    Manifest,
    Blob,
    Uploads,
    Other,
}

/// <summary>A Registry API path split into its kind, repository and the token action it needs.</summary>
internal sealed record RegistryPath(RegistryPathKind Kind, string? Repository, string Action)
{
    private static readonly (string Marker, RegistryPathKind Kind)[] Markers =
    [
        ("/tags/list", RegistryPathKind.Tags),
        ("/manifests/", RegistryPathKind.Manifest),
        ("/blobs/uploads", RegistryPathKind.Uploads),
        ("/blobs/", RegistryPathKind.Blob),
        ("/referrers/", RegistryPathKind.Other),
    ];

    /// <summary>Parses the part after <c>/v2/</c>.</summary>
    public static RegistryPath Parse(string rest, string method)
    {
        var action = method is "GET" or "HEAD" ? "pull" : method == "DELETE" ? "delete" : "push";
        if (rest.Length == 0)
        {
            return new RegistryPath(RegistryPathKind.Ping, null, action);
        }

        if (rest == "_catalog")
        {
            return new RegistryPath(RegistryPathKind.Catalog, null, "*");
        }

        foreach (var (marker, kind) in Markers)
        {
            var at = rest.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                return new RegistryPath(kind, rest[..at], action);
            }
        }

        return new RegistryPath(RegistryPathKind.Other, null, action);
    }
}
