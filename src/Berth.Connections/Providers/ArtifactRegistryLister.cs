using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Berth.Connections.Providers;

/// <summary>
/// Google Artifact Registry answers <c>_catalog</c> with an empty list, so its repositories come from the
/// Artifact Registry REST API: the Docker-format repositories of the project and location in the connection URL
/// (<c>LOCATION-docker.pkg.dev/PROJECT[/REPOSITORY]</c>), then each one's docker images, both paged with
/// <c>pageToken</c>. Image names are what a client pulls: <c>PROJECT/REPOSITORY/IMAGE</c>.
/// </summary>
internal static class ArtifactRegistryLister
{
    private const string Service = "Artifact Registry API";
    private const string DockerPkgSuffix = "-docker.pkg.dev";
    private const int PageSize = 1000;

    public static async IAsyncEnumerable<string> ListAsync(Connection connection, RegistryUrl url, string accessToken, ProviderContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (project, location) = Locate(connection, url);
        var api = context.Endpoints.ArtifactRegistryApi;
        using var http = context.CreateHttpClient();
        var parent = $"v1/projects/{Uri.EscapeDataString(project)}/locations/{Uri.EscapeDataString(location)}";
        var repositories = new List<string>();
        if (url.PathComponents.Count >= 2)
        {
            repositories.Add(url.PathComponents[1]);
        }
        else
        {
            await foreach (var item in PagesAsync(http, api, parent + "/repositories", "repositories", accessToken, $"the repositories of {project} in {location}", cancellationToken).ConfigureAwait(false))
            {
                var format = ProviderHttp.String(item, "format");
                if (ProviderHttp.String(item, "name") is { } name && (format is null || format == "DOCKER"))
                {
                    repositories.Add(name[(name.LastIndexOf('/') + 1)..]);
                }
            }
        }

        var prefix = url.PathComponents.Count > 2 ? url.Path + "/" : null;
        foreach (var repository in repositories)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var image in PagesAsync(http, api, $"{parent}/repositories/{Uri.EscapeDataString(repository)}/dockerImages", "dockerImages", accessToken,
                $"the docker images of {project}/{repository}", cancellationToken).ConfigureAwait(false))
            {
                // One entry per digest: an image with three pushed versions appears three times.
                if (ImageName(image) is { } name && (prefix is null || name.StartsWith(prefix, StringComparison.Ordinal) || name == url.Path) && seen.Add(name))
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>Project from the URL's first path component; location from the field, else the host's <c>LOCATION-docker.pkg.dev</c>.</summary>
    private static (string Project, string Location) Locate(Connection connection, RegistryUrl url)
    {
        var host = url.Host.Hostname;
        var location = connection.Fields.TryGetValue(ProviderFieldNames.Location, out var field) && field.Trim().Length > 0 ? field.Trim()
            : host.EndsWith(DockerPkgSuffix, StringComparison.OrdinalIgnoreCase) ? host[..^DockerPkgSuffix.Length] : null;
        if (location is null || !url.HasPath)
        {
            throw new RepositoryListingNotSupportedException(connection.Name,
                $"the repositories of connection '{connection.Name}' are listed through the Artifact Registry API, which needs the project and location: "
                + $"use the URL LOCATION-docker.pkg.dev/PROJECT (it is '{url}'){(location is null ? ", or set the location field" : "")}; or name the repositories: berth repos {connection.Name} --repositories PROJECT/REPOSITORY/IMAGE");
        }

        return (url.PathComponents[0], location);
    }

    /// <summary><c>uri</c> is <c>LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE@sha256:…</c>; the name is the path without the digest.</summary>
    private static string? ImageName(JsonElement image)
    {
        var uri = ProviderHttp.String(image, "uri");
        if (uri is null)
        {
            return null;
        }

        var slash = uri.IndexOf('/', StringComparison.Ordinal);
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        return slash < 0 ? null : at > slash ? uri[(slash + 1)..at] : uri[(slash + 1)..];
    }

    private static async IAsyncEnumerable<JsonElement> PagesAsync(HttpClient http, Uri api, string path, string property, string accessToken, string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page == 0 || token is not null; page++)
        {
            if (page >= ListingHttp.MaxPages || (token is not null && !tokens.Add(token)))
            {
                throw new RepositoryListingException($"the {Service} kept sending pages (or repeated a pageToken) while listing {what}; stopped");
            }

            var query = string.Create(CultureInfo.InvariantCulture, $"?pageSize={PageSize}") + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token));
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, path + query));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await ListingHttp.SendAsync(http, request, Service, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RepositoryListingException(
                    $"the {Service} refused to list {what} ({(int)response.StatusCode}{GoogleError(body)}); the service account needs the Artifact Registry Reader role on the project",
                    (int)response.StatusCode);
            }

            using var document = ListingHttp.Parse(body, Service, what);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RepositoryListingException($"the {Service} answered {what} with something that is not a JSON object");
            }

            // An empty result has no property at all.
            if (root.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    yield return item.Clone();
                }
            }

            token = ProviderHttp.String(root, "nextPageToken") is { Length: > 0 } next ? next : null;
        }
    }

    /// <summary>Google's error shape: <c>{"error":{"code":403,"message":"…","status":"PERMISSION_DENIED"}}</c>.</summary>
    private static string GoogleError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                var status = ProviderHttp.String(error, "status");
                var message = ProviderHttp.Trim(ProviderHttp.String(error, "message"));
                return (status is null ? "" : " " + status) + (message is null ? "" : ": " + message);
            }
        }
        catch (JsonException)
        {
            // The status says enough.
        }

        return "";
    }
}
