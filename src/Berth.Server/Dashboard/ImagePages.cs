using System.Text;
using Berth.Server.Api;
using Berth.Server.Auth;
using Berth.Server.Registries;

namespace Berth.Server.Dashboard;

/// <summary>The Images pages: registries → repositories → tags → manifest detail (platforms, layers, size, created, labels, digest).</summary>
internal static class ImagePages
{
    public static void MapImagePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/images", RegistriesAsync);
        pages.MapGet("/images/{name}", RepositoriesAsync);
        pages.MapGet("/images/{name}/tags", TagsAsync);
        pages.MapGet("/images/{name}/manifest", ManifestAsync);
    }

    private static async Task<IResult> RegistriesAsync(HttpContext context, ConnectionService service)
    {
        var caller = Caller.From(context.User);
        var connections = await service.ListAsync(caller, context.RequestAborted);
        var body = new StringBuilder("<p class=\"muted\">Pick a registry to see its repositories.</p><table id=\"image-registries\"><thead><tr><th>Registry</th><th>URL</th></tr></thead><tbody>");
        foreach (var c in connections)
        {
            body.Append($"<tr><td><a href=\"/images/{Html.U(c.Name)}\">{Html.E(c.Name)}</a></td><td class=\"mono\">{Html.E(c.Url)}</td></tr>");
        }

        body.Append("</tbody></table>");
        if (connections.Count == 0)
        {
            body.Append("<p>No registries yet: <a href=\"/registries\">connect one</a>.</p>");
        }

        return Page.Render(context, "Images", body.ToString(), caller, "images");
    }

    private static async Task<IResult> RepositoriesAsync(HttpContext context, string name, bool? refresh, ConnectionService service, RegistryBrowser browser)
    {
        var caller = Caller.From(context.User);
        var connection = await service.FindAsync(caller, name, context.RequestAborted);
        if (connection is null)
        {
            return NotFound(context, caller, $"There is no registry named '{name}'.");
        }

        var body = new StringBuilder($"<div class=\"crumbs\"><a href=\"/images\">Images</a> / {Html.E(connection.Name)}</div>");
        try
        {
            var listing = await browser.RepositoriesAsync(connection, refresh ?? false, context.RequestAborted);
            body.Append($"<div class=\"toolbar\"><span class=\"muted\">{listing.Items.Count} repositories · listed {Html.Time(listing.Refreshed)}</span><a class=\"button secondary\" href=\"/images/{Html.U(connection.Name)}?refresh=true\">Refresh</a></div>");
            body.Append("<table id=\"repositories\"><thead><tr><th>Repository</th></tr></thead><tbody>");
            foreach (var repository in listing.Items)
            {
                body.Append($"<tr><td><a class=\"repository\" href=\"/images/{Html.U(connection.Name)}/tags?repository={Html.U(repository)}\">{Html.E(repository)}</a></td></tr>");
            }

            body.Append("</tbody></table>");
        }
        catch (Exception e) when (BrowseEndpoints.IsRegistryFailure(e))
        {
            body.Append($"<div class=\"notice error\" role=\"alert\">Could not list repositories: {Html.E(e.Message)}</div>");
        }

        return Page.Render(context, connection.Name, body.ToString(), caller, "images");
    }

    private static async Task<IResult> TagsAsync(HttpContext context, string name, string? repository, bool? refresh, ConnectionService service, RegistryBrowser browser)
    {
        var caller = Caller.From(context.User);
        var connection = await service.FindAsync(caller, name, context.RequestAborted);
        if (connection is null || string.IsNullOrWhiteSpace(repository))
        {
            return NotFound(context, caller, connection is null ? $"There is no registry named '{name}'." : "Pick a repository first.");
        }

        var body = new StringBuilder($"<div class=\"crumbs\"><a href=\"/images\">Images</a> / <a href=\"/images/{Html.U(connection.Name)}\">{Html.E(connection.Name)}</a> / {Html.E(repository)}</div>");
        try
        {
            var listing = await browser.TagsAsync(connection, repository, refresh ?? false, context.RequestAborted);
            body.Append($"<div class=\"toolbar\"><span class=\"muted\">{listing.Items.Count} tags · listed {Html.Time(listing.Refreshed)}</span><a class=\"button secondary\" href=\"/images/{Html.U(connection.Name)}/tags?repository={Html.U(repository)}&amp;refresh=true\">Refresh</a></div>");
            body.Append("<table id=\"tags\"><thead><tr><th>Tag</th></tr></thead><tbody>");
            foreach (var tag in listing.Items)
            {
                body.Append($"<tr><td><a class=\"tag\" href=\"/images/{Html.U(connection.Name)}/manifest?repository={Html.U(repository)}&amp;reference={Html.U(tag)}\">{Html.E(tag)}</a></td></tr>");
            }

            body.Append("</tbody></table>");
        }
        catch (Exception e) when (BrowseEndpoints.IsRegistryFailure(e))
        {
            body.Append($"<div class=\"notice error\" role=\"alert\">Could not list tags: {Html.E(e.Message)}</div>");
        }

        return Page.Render(context, repository, body.ToString(), caller, "images");
    }

    private static async Task<IResult> ManifestAsync(HttpContext context, string name, string? repository, string? reference, ConnectionService service, RegistryBrowser browser)
    {
        var caller = Caller.From(context.User);
        var connection = await service.FindAsync(caller, name, context.RequestAborted);
        if (connection is null || string.IsNullOrWhiteSpace(repository) || string.IsNullOrWhiteSpace(reference))
        {
            return NotFound(context, caller, connection is null ? $"There is no registry named '{name}'." : "Pick a repository and tag first.");
        }

        var tagsLink = $"/images/{Html.U(connection.Name)}/tags?repository={Html.U(repository)}";
        var body = new StringBuilder($"<div class=\"crumbs\"><a href=\"/images\">Images</a> / <a href=\"/images/{Html.U(connection.Name)}\">{Html.E(connection.Name)}</a> / <a href=\"{tagsLink}\">{Html.E(repository)}</a> / {Html.E(reference)}</div>");
        try
        {
            var m = await browser.ManifestAsync(connection, repository, reference, context.RequestAborted);
            var host = service.Types.Address(connection).Host.Name;
            var pullRef = $"{host}/{repository}@{m.Digest}";
            body.Append($"""
                <dl class="facts" id="manifest">
                  <dt>Digest</dt><dd><code id="digest">{Html.E(m.Digest)}</code> <button type="button" class="secondary" id="copy-digest" data-copy="{Html.E(m.Digest)}">Copy</button></dd>
                  <dt>Pull by digest</dt><dd><code>{Html.E(pullRef)}</code> <button type="button" class="secondary" data-copy="{Html.E(pullRef)}">Copy</button></dd>
                  <dt>Kind</dt><dd id="kind">{(m.Kind == "index" ? "multi-platform index" : "image")}</dd>
                  <dt>Media type</dt><dd class="mono">{Html.E(m.MediaType)}</dd>
                  <dt>Size</dt><dd id="size">{Html.Bytes(m.Size)} <span class="muted">({m.Size} bytes)</span></dd>
                  <dt>Created</dt><dd id="created">{Html.Time(m.Created)}</dd>
                  <dt>Platform</dt><dd id="platform">{Html.E(m.Platform ?? (m.Kind == "index" ? $"{m.Platforms.Count} platforms" : "—"))}</dd>
                </dl>
                """);
            if (m.Platforms.Count > 0)
            {
                body.Append("<h2>Platforms</h2><table id=\"platforms\"><thead><tr><th>Platform</th><th>Digest</th><th>Size</th></tr></thead><tbody>");
                foreach (var p in m.Platforms)
                {
                    body.Append($"<tr><td><a href=\"/images/{Html.U(connection.Name)}/manifest?repository={Html.U(repository)}&amp;reference={Html.U(p.Digest)}\">{Html.E(p.Platform)}</a></td><td><code>{Html.E(p.Digest)}</code></td><td>{Html.Bytes(p.Size)}</td></tr>");
                }

                body.Append("</tbody></table>");
            }

            if (m.Layers.Count > 0)
            {
                body.Append("<h2>Layers</h2><table id=\"layers\"><thead><tr><th>#</th><th>Digest</th><th>Size</th><th>Media type</th></tr></thead><tbody>");
                for (var i = 0; i < m.Layers.Count; i++)
                {
                    var l = m.Layers[i];
                    body.Append($"<tr><td>{i + 1}</td><td><code>{Html.E(l.Digest)}</code></td><td>{Html.Bytes(l.Size)}</td><td class=\"mono\">{Html.E(l.MediaType)}</td></tr>");
                }

                body.Append("</tbody></table>");
            }

            if (m.Labels.Count > 0)
            {
                body.Append("<h2>Labels</h2><table id=\"labels\"><thead><tr><th>Label</th><th>Value</th></tr></thead><tbody>");
                foreach (var (key, value) in m.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
                {
                    body.Append($"<tr><td class=\"mono\">{Html.E(key)}</td><td>{Html.E(value)}</td></tr>");
                }

                body.Append("</tbody></table>");
            }
        }
        catch (Berth.Errors.RegistryException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            body.Append($"<div class=\"notice error\" role=\"alert\">{Html.E(repository)}:{Html.E(reference)} was not found in this registry.</div>");
        }
        catch (Exception e) when (BrowseEndpoints.IsRegistryFailure(e))
        {
            body.Append($"<div class=\"notice error\" role=\"alert\">Could not read the manifest: {Html.E(e.Message)}</div>");
        }

        return Page.Render(context, $"{repository}:{reference}", body.ToString(), caller, "images");
    }

    private static IResult NotFound(HttpContext context, Caller caller, string message) =>
        Page.Render(context, "Not found", $"<div class=\"notice error\" role=\"alert\">{Html.E(message)}</div><p><a href=\"/images\">Back to images</a></p>", caller, "images", StatusCodes.Status404NotFound);
}
