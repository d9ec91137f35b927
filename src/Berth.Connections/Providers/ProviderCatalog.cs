using System.Diagnostics.CodeAnalysis;

namespace Berth.Connections.Providers;

/// <summary>Every registry type Berth can connect, by type name (see docs/providers.md).</summary>
public static class ProviderCatalog
{
    private static readonly IRegistryProvider[] Providers =
    [
        new UsernamePasswordProvider("generic", "Docker Registry (any Registry API v2)", null,
            "https://registry.example.com[:port][/namespace], including any namespace path (e.g. aws_account_id.dkr.ecr.region.amazonaws.com/namespace)",
            hasCatalog: true, credentialsRequired: false,
            new("username", "Username", IsSecret: false, IsRequired: false, "Registry username; leave empty for anonymous access."),
            new("password", "Password / Token", IsSecret: true, IsRequired: false, "Registry password or access token (or use a password file or password command).")),
        new UsernamePasswordProvider("dockerhub", "Docker Hub", "docker.io",
            "docker.io, optionally with /<namespace> (your user or organization)",
            hasCatalog: false, credentialsRequired: true,
            new("username", "Docker Hub username", IsSecret: false, IsRequired: true, "Your Docker Hub username."),
            new("password", "Access token", IsSecret: true, IsRequired: true, "A Docker Hub personal access token with read access to the relevant images."),
            DockerHubPath),
        new UsernamePasswordProvider("ghcr", "GitHub Container Registry", "ghcr.io",
            "ghcr.io, optionally with /<owner>",
            hasCatalog: false, credentialsRequired: true,
            new("username", "GitHub username", IsSecret: false, IsRequired: true, "Your GitHub username."),
            new("password", "Personal access token", IsSecret: true, IsRequired: true, "A GitHub personal access token with the read:packages scope (write:packages to push).")),
        new QuayProvider(),
        new GoogleProvider("gcr", "Google Container Registry", "gcr.io",
            "[GCR_DOMAIN]/[GCP_PROJECT_ID], e.g. gcr.io/my-project-123456 (also us.gcr.io, eu.gcr.io, asia.gcr.io)"),
        new GoogleProvider("gar", "Google Artifact Registry", null,
            "https://LOCATION-docker.pkg.dev, optionally with /<project>/<repository>"),
        new EcrProvider(),
        new AcrProvider(),
        new DocrProvider(),
        new IbmProvider(),
        new UsernamePasswordProvider("harbor", "Harbor", null,
            "<harbor host>, optionally with /<project>",
            hasCatalog: false, credentialsRequired: true,
            new("username", "Username or robot account", IsSecret: false, IsRequired: true, "A Harbor user, or a robot account as Harbor names it: robot$name (robot$project+name for project robots)."),
            new("password", "Password / robot secret", IsSecret: true, IsRequired: true, "The user's password or CLI secret, or the robot account's secret.")),
        new UsernamePasswordProvider("jfrog", "JFrog Artifactory", null,
            "<server>.jfrog.io (or your Artifactory host), optionally with /<repository-key>",
            hasCatalog: true, credentialsRequired: true,
            new("username", "Username", IsSecret: false, IsRequired: true, "Your Artifactory user name."),
            new("password", "API key / identity token", IsSecret: true, IsRequired: true, "An API key, identity token or password.")),
    ];

    private static readonly Dictionary<string, IRegistryProvider> ByType =
        Providers.ToDictionary(p => p.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>All providers, in the order a type picker should list them.</summary>
    public static IReadOnlyList<IRegistryProvider> All => Providers;

    public static IReadOnlyList<string> KnownTypes { get; } = Providers.Select(p => p.Type).ToArray();

    /// <exception cref="UnknownRegistryTypeException">No provider has this type.</exception>
    public static IRegistryProvider Get(string type) =>
        TryGet(type, out var provider) ? provider : throw new UnknownRegistryTypeException(type, KnownTypes);

    public static bool TryGet(string? type, [NotNullWhen(true)] out IRegistryProvider? provider)
    {
        provider = null;
        return type is not null && ByType.TryGetValue(type.Trim(), out provider);
    }

    /// <summary>Validates a draft with its type's provider; an unknown type is a validation error on "type".</summary>
    public static IReadOnlyList<ValidationError> Validate(ConnectionDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return TryGet(draft.Type, out var provider)
            ? provider.Validate(draft)
            : [new ValidationError("type", $"unknown registry type '{draft.Type}'; known types: {string.Join(", ", KnownTypes)}")];
    }

    // Hub repositories are exactly <namespace>/<name>, so the URL path can only be the namespace.
    private static string? DockerHubPath(RegistryUrl url) => url.PathComponents.Count switch
    {
        0 => null,
        1 when DockerHubApiClient.IsNamespace(url.Path) => null,
        1 => $"'{url.Path}' is not a Docker Hub namespace: lowercase letters, digits and separators, such as 'docker.io/acme'",
        _ => $"Docker Hub URL path is the namespace (your user or organization), one component such as 'docker.io/{url.PathComponents[0]}'; list '{url.Path}' under repositories instead",
    };
}
