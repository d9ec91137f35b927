using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Berth.Connections;

/// <summary>
/// Where a connection's Registry API lives and how image names map onto it. <see cref="ApiPath"/> is the path
/// before <c>/v2/</c> (empty: the host's root); <see cref="NamePrefix"/> the leading path of image names that the
/// API does not see. A jfrog URL <c>HOST/artifactory/api/docker/REPO-KEY</c> gives API path
/// <c>artifactory/api/docker/REPO-KEY</c> and name prefix <c>REPO-KEY</c>: JFrog names the images
/// <c>HOST/REPO-KEY/IMAGE</c>, and the API knows them as <c>IMAGE</c>.
/// </summary>
public sealed partial record ApiRoute(string ApiPath, string NamePrefix)
{
    public static ApiRoute Root { get; } = new("", "");

    public bool IsRoot => ApiPath.Length == 0;

    /// <summary>The connection's route: its declared API path, else (jfrog) the <c>artifactory/api/docker/KEY</c> part of its URL.</summary>
    public static ApiRoute For(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var urlPath = Providers.RegistryUrl.TryParse(ConnectionAddress.Text(connection), out var url, out _) ? url.Path : "";
        var apiPath = connection.Options.ApiPath is { Length: > 0 } declared ? declared.Trim('/')
            : IsJfrog(connection) && JfrogApi().Match(urlPath) is { Success: true } match ? match.Groups["api"].Value
            : "";
        if (apiPath.Length == 0)
        {
            return Root;
        }

        var key = IsJfrog(connection) && JfrogApi().Match(apiPath) is { Success: true } m && m.Groups["api"].Value == apiPath ? m.Groups["key"].Value : "";
        return new ApiRoute(apiPath, key);
    }

    /// <summary>
    /// The namespace in image names that a connection URL's path stands for: the part after the API path, behind
    /// the name prefix. <c>artifactory/api/docker/docker-local</c> → <c>docker-local</c>; a URL path that does not
    /// start with the API path is already a namespace.
    /// </summary>
    public string ImageNamespace(string urlPath)
    {
        ArgumentNullException.ThrowIfNull(urlPath);
        if (IsRoot)
        {
            return urlPath;
        }

        string rest;
        if (urlPath == ApiPath)
        {
            rest = "";
        }
        else if (urlPath.StartsWith(ApiPath + "/", StringComparison.Ordinal))
        {
            rest = urlPath[(ApiPath.Length + 1)..];
        }
        else
        {
            return urlPath;
        }

        return NamePrefix.Length == 0 ? rest : rest.Length == 0 ? NamePrefix : NamePrefix + "/" + rest;
    }

    /// <summary>An API path as given (<c>/artifactory/api/docker/key/</c>) without its slashes, checked to be plain URL path segments.</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        var trimmed = (text ?? "").Trim().Trim('/');
        if (trimmed.EndsWith("/v2", StringComparison.Ordinal) || trimmed == "v2")
        {
            trimmed = trimmed[..^2].TrimEnd('/');
        }

        if (trimmed.Length == 0 || trimmed.Length > 255 || !Segments().IsMatch(trimmed) || trimmed.Split('/').Any(s => s is "." or ".."))
        {
            error = $"API path '{text}' must be URL path segments of letters, digits and . _ ~ - (e.g. artifactory/api/docker/docker-local), without the /v2/";
            return false;
        }

        path = trimmed;
        error = null;
        return true;
    }

    private static bool IsJfrog(Connection connection) => string.Equals(connection.Type, "jfrog", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(?<api>artifactory/api/docker/(?<key>[A-Za-z0-9._~-]+))(/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex JfrogApi();

    [GeneratedRegex(@"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Segments();
}
