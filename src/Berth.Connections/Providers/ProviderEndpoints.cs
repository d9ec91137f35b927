namespace Berth.Connections.Providers;

/// <summary>
/// The cloud services credentials are obtained from. The defaults are the real public endpoints; the overrides
/// exist only so tests can point Berth at local fakes (see <see cref="FromEnvironment"/>).
/// </summary>
public sealed record ProviderEndpoints
{
    /// <summary>Environment variable naming the ECR API endpoint used for every region (tests only).</summary>
    public const string EcrVariable = "BERTH_TEST_ENDPOINTS_ECR";

    /// <summary>Environment variable naming the Google OAuth2 token endpoint (tests only).</summary>
    public const string GoogleTokenVariable = "BERTH_TEST_ENDPOINTS_GOOGLE_TOKEN";

    /// <summary>Environment variable naming the Azure AD authority (tests only).</summary>
    public const string AzureAdVariable = "BERTH_TEST_ENDPOINTS_AZURE_AD";

    /// <summary>Environment variable naming the Docker Hub API base (tests only).</summary>
    public const string DockerHubVariable = "BERTH_TEST_ENDPOINTS_DOCKERHUB";

    /// <summary>Environment variable naming the Artifact Registry REST API base (tests only).</summary>
    public const string ArtifactRegistryVariable = "BERTH_TEST_ENDPOINTS_ARTIFACT_REGISTRY";

    public static ProviderEndpoints Public { get; } = new();

    /// <summary>When set, every ECR call goes here instead of <c>https://api.ecr.&lt;region&gt;.amazonaws.com</c>.</summary>
    public Uri? EcrOverride { get; init; }

    public Uri GoogleToken { get; init; } = new("https://oauth2.googleapis.com/token");

    /// <summary>Azure AD authority; the token endpoint is <c>&lt;authority&gt;/&lt;tenant&gt;/oauth2/v2.0/token</c>.</summary>
    public Uri AzureAdAuthority { get; init; } = new("https://login.microsoftonline.com/");

    public Uri DockerHubApi { get; init; } = new("https://hub.docker.com/");

    /// <summary>Google Artifact Registry's REST API, which lists the repositories and images the registry's empty catalog hides.</summary>
    public Uri ArtifactRegistryApi { get; init; } = new("https://artifactregistry.googleapis.com/");

    /// <summary>The ECR API endpoint for a region (<c>.amazonaws.com.cn</c> for the China partition).</summary>
    /// <exception cref="ArgumentException"><paramref name="region"/> is not a region code (providers validate it first).</exception>
    public Uri Ecr(string region, bool china)
    {
        if (EcrOverride is { } endpoint)
        {
            return endpoint;
        }

        // Built from parts, the region checked: no field can change the host the signed request goes to.
        return EcrRegistryAddress.IsRegion(region)
            ? new UriBuilder(Uri.UriSchemeHttps, $"api.ecr.{region.ToLowerInvariant()}.amazonaws.com{(china ? ".cn" : "")}").Uri
            : throw new ArgumentException($"'{region}' is not an AWS region code", nameof(region));
    }

    /// <summary>
    /// Public endpoints, with each override taken from its BERTH_TEST_ENDPOINTS_* variable when set. These
    /// names are defined here and nowhere else.
    /// </summary>
    public static ProviderEndpoints FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="FromEnvironment"/>, reading variables through <paramref name="lookup"/>.</summary>
    public static ProviderEndpoints FromVariables(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var endpoints = Public;
        if (Read(lookup, EcrVariable) is { } ecr)
        {
            endpoints = endpoints with { EcrOverride = ecr };
        }

        if (Read(lookup, GoogleTokenVariable) is { } google)
        {
            endpoints = endpoints with { GoogleToken = google };
        }

        if (Read(lookup, AzureAdVariable) is { } azure)
        {
            endpoints = endpoints with { AzureAdAuthority = azure };
        }

        if (Read(lookup, DockerHubVariable) is { } hub)
        {
            endpoints = endpoints with { DockerHubApi = hub };
        }

        if (Read(lookup, ArtifactRegistryVariable) is { } artifactRegistry)
        {
            endpoints = endpoints with { ArtifactRegistryApi = artifactRegistry };
        }

        return endpoints;
    }

    private static Uri? Read(Func<string, string?> lookup, string name)
    {
        var value = lookup(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{name} must be an absolute http(s) URL, not '{value}'", nameof(lookup));
    }
}
