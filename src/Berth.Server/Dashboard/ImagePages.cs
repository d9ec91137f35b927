using Berth.Server.Errors;
using Berth.Server.Auth;
using Berth.Server.Dashboard.Pages;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.UseCases;

namespace Berth.Server.Dashboard;

/// <summary>
/// The Images pages: registries → repositories → tags → manifest detail (platforms, layers, size, created, labels,
/// digest). Every call into the connection use cases is here.
/// </summary>
internal static class ImagePages
{
    public static void MapImagePages(this RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/images", RegistriesAsync);
        signedIn.MapGet("/images/{name}", RepositoriesAsync);
        signedIn.MapGet("/images/{name}/tags", TagsAsync);
        signedIn.MapGet("/images/{name}/manifest", ManifestAsync);
    }

    private static async Task<IResult> RegistriesAsync(HttpContext http, string? cursor, SignedInCaller caller, ConnectionUseCases connections, CancellationToken ct)
    {
        // The registries list's own cursors; one that does not read starts again at the first page.
        var request = Berth.Connections.Paging.PageRequest.TryParse(null, cursor, Berth.Connections.Paging.PageLists.Registries, out var parsed, out _, out _)
            ? parsed
            : Berth.Connections.Paging.PageRequest.First();
        var page = await connections.ListPageAsync(caller.Value.ToActor(), request, ct);
        return DashboardResults.Page<ImageRegistriesPage, ImageRegistriesView>(new ImageRegistriesView(
            caller.Value,
            page.Items.Select(s => (s.Connection.Name, s.Connection.Url)).ToList(),
            page.Next is { } next ? Api.PageLinks.Url(http, next) : null,
            page.Previous is { } previous ? Api.PageLinks.Url(http, previous) : null));
    }

    private static async Task<IResult> RepositoriesAsync(string name, bool? refresh, SignedInCaller caller, ConnectionUseCases connections, CancellationToken ct)
    {
        var connection = await connections.FindAsync(caller.Value.ToActor(), name, ct);
        if (connection is null)
        {
            return NotFound(caller.Value, $"There is no registry named '{name}'.");
        }

        try
        {
            var listing = await connections.ListRepositoriesAsync(connection, cached: refresh != true, ct);
            return DashboardResults.Page<RepositoriesPage, ListingView>(new ListingView(caller.Value, connection.Name, null, listing, null));
        }
        catch (Exception e) when (ErrorResponses.IsExpected(e))
        {
            return DashboardResults.Page<RepositoriesPage, ListingView>(new ListingView(caller.Value, connection.Name, null, null, e.Message));
        }
    }

    private static async Task<IResult> TagsAsync(string name, string? repository, bool? refresh, SignedInCaller caller, ConnectionUseCases connections, CancellationToken ct)
    {
        var connection = await connections.FindAsync(caller.Value.ToActor(), name, ct);
        if (connection is null || string.IsNullOrWhiteSpace(repository))
        {
            return NotFound(caller.Value, connection is null ? $"There is no registry named '{name}'." : "Pick a repository first.");
        }

        try
        {
            var listing = await connections.ListTagsAsync(connection, repository, cached: refresh != true, ct);
            return DashboardResults.Page<TagsPage, ListingView>(new ListingView(caller.Value, connection.Name, repository, listing, null));
        }
        catch (Exception e) when (ErrorResponses.IsExpected(e))
        {
            return DashboardResults.Page<TagsPage, ListingView>(new ListingView(caller.Value, connection.Name, repository, null, e.Message));
        }
    }

    private static async Task<IResult> ManifestAsync(string name, string? repository, string? reference, SignedInCaller caller, ConnectionUseCases connections, CancellationToken ct)
    {
        var connection = await connections.FindAsync(caller.Value.ToActor(), name, ct);
        if (connection is null || string.IsNullOrWhiteSpace(repository) || string.IsNullOrWhiteSpace(reference))
        {
            return NotFound(caller.Value, connection is null ? $"There is no registry named '{name}'." : "Pick a repository and tag first.");
        }

        ManifestView view;
        try
        {
            var manifest = await connections.InspectAsync(caller.Value.ToActor(), connection.Name, repository, reference, null, ct);
            var host = ConnectionAddress.Of(connection).Host.Name;
            ReferrerReport? referrers = null;
            string? referrersError = null;
            try
            {
                referrers = await connections.ListReferrersAsync(caller.Value.ToActor(), connection.Name, repository, manifest.Digest, null, ct);
            }
            catch (Exception e) when (ErrorResponses.IsExpected(e))
            {
                // The manifest is worth showing even when its referrers cannot be listed.
                referrersError = "Could not list referrers: " + e.Message;
            }

            view = new ManifestView(caller.Value, connection.Name, repository, reference, manifest, $"{host}/{repository}@{manifest.Digest}", null, referrers, referrersError);
        }
        catch (Berth.Errors.RegistryException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            view = new ManifestView(caller.Value, connection.Name, repository, reference, null, null, $"{repository}:{reference} was not found in this registry.");
        }
        catch (ConnectionValidationException e)
        {
            view = new ManifestView(caller.Value, connection.Name, repository, reference, null, null, string.Join(" ", e.Errors.Select(x => x.Message)));
        }
        catch (Exception e) when (ErrorResponses.IsExpected(e))
        {
            view = new ManifestView(caller.Value, connection.Name, repository, reference, null, null, "Could not read the manifest: " + e.Message);
        }

        return DashboardResults.Page<ManifestPage, ManifestView>(view);
    }

    private static IResult NotFound(Caller caller, string message) =>
        DashboardResults.Message(caller, "Not found", message, StatusCodes.Status404NotFound, "images", "/images", "Back to images");
}
