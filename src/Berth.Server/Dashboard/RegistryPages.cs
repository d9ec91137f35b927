using System.Text;
using Berth.Connections;
using Berth.Connections.Tokens;
using Berth.Server.Auth;
using Berth.Server.Hosting;
using Berth.Server.Registries;
using Microsoft.AspNetCore.Http.Extensions;

namespace Berth.Server.Dashboard;

/// <summary>
/// The Registries page (the seeds' "Container Registry" settings): list with type, URL, health, last verified and
/// credential expiry; Add Registry with the chosen type's fields; a row action menu to rename, verify, remove.
/// </summary>
internal static class RegistryPages
{
    public static void MapRegistryPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/registries", ListAsync);
        pages.MapGet("/registries/new", (HttpContext context, ConnectionService service, string? type) =>
            AdminOnly(context) ?? NewPage(context, service, type, null, null, null));
        pages.MapPost("/registries/new", CreateAsync);
        pages.MapPost("/registries/{name}/rename", RenameAsync);
        pages.MapPost("/registries/{name}/verify", VerifyAsync);
        pages.MapGet("/registries/{name}/remove", ConfirmRemoveAsync);
        pages.MapPost("/registries/{name}/remove", RemoveAsync);
    }

    private static IResult? AdminOnly(HttpContext context) =>
        Caller.From(context.User).IsAdmin
            ? null
            : Page.Render(context, "Not allowed", "<p>Only admin tokens manage registries. <a href=\"/registries\">Back to registries</a></p>", Caller.From(context.User), "registries", StatusCodes.Status403Forbidden);

    private static async Task<IResult> ListAsync(HttpContext context, ConnectionService service, string? notice, string? name, string? error, string? detail)
    {
        var caller = Caller.From(context.User);
        var connections = await service.ListAsync(caller, context.RequestAborted);
        var body = new StringBuilder();
        body.Append(Notice(notice, name, error, detail));
        body.Append("<div class=\"toolbar\"><p class=\"muted\">Registries connected to this organization. Use the action menu on any registry to rename, verify or remove it.</p>");
        if (caller.IsAdmin)
        {
            body.Append("<a class=\"button\" id=\"add-registry\" href=\"/registries/new\">Add Registry</a>");
        }

        body.Append("</div>");
        if (connections.Count == 0)
        {
            body.Append("<p id=\"no-registries\">No registries yet." + (caller.IsAdmin ? " Click <strong>Add Registry</strong> to connect one." : "") + "</p>");
            return Page.Render(context, "Container Registries", body.ToString(), caller, "registries");
        }

        body.Append("<table id=\"registries\"><thead><tr><th>Name</th><th>Type</th><th>URL</th><th>Health</th><th>Last verified</th><th>Credential expiry</th><th><span class=\"muted\">Actions</span></th></tr></thead><tbody>");
        foreach (var c in connections)
        {
            var health = c.LastVerifyOk switch { true => "ok", false => "failing", null => "unknown" };
            var type = service.Types.Find(c.Type)?.DisplayName ?? c.Type;
            body.Append($"""
                <tr data-name="{Html.E(c.Name)}">
                  <td><a href="/images/{Html.U(c.Name)}" class="registry-name">{Html.E(c.Name)}</a></td>
                  <td title="{Html.E(c.Type)}">{Html.E(type)}</td>
                  <td class="mono">{Html.E(c.Url)}</td>
                  <td><span class="badge {health}" title="{Html.E(c.LastVerifyMessage)}">{health}</span>{(c.LastVerifyOk == false ? $"<div class=\"help\">{Html.E(c.LastVerifyMessage)}</div>" : "")}</td>
                  <td>{Html.Time(c.LastVerifiedAt)}</td>
                  <td>{(c.CredentialExpiresAt is null ? "<span class=\"muted\">does not expire</span>" : Html.Time(c.CredentialExpiresAt))}</td>
                  <td>{ActionMenu(context, caller, c)}</td>
                </tr>
                """);
        }

        body.Append("</tbody></table>");
        return Page.Render(context, "Container Registries", body.ToString(), caller, "registries");
    }

    private static string ActionMenu(HttpContext context, Caller caller, Connection c)
    {
        var menu = new StringBuilder($"<details class=\"menu\"><summary aria-label=\"Actions for {Html.E(c.Name)}\">⋯</summary><div class=\"items\">");
        if (caller.IsAdmin)
        {
            menu.Append($"""
                <form method="post" action="/registries/{Html.U(c.Name)}/rename" class="rename">{Page.Csrf(context)}
                  <input name="newName" value="{Html.E(c.Name)}" aria-label="New name for {Html.E(c.Name)}" required>
                  <button type="submit" class="secondary">Rename</button>
                </form>
                """);
        }

        menu.Append($"""
            <form method="post" action="/registries/{Html.U(c.Name)}/verify" class="verify">{Page.Csrf(context)}<button type="submit" class="secondary">Verify</button></form>
            """);
        if (caller.IsAdmin)
        {
            menu.Append($"<a class=\"button secondary remove\" href=\"/registries/{Html.U(c.Name)}/remove\">Remove…</a>");
        }

        return menu.Append("</div></details>").ToString();
    }

    private static string Notice(string? notice, string? name, string? error, string? detail)
    {
        if (!string.IsNullOrEmpty(error))
        {
            return $"<div class=\"notice error\" role=\"alert\">{Html.E(error)}</div>";
        }

        var text = notice switch
        {
            "added" => $"Registry '{name}' added.",
            "renamed" => $"Registry renamed to '{name}'.",
            "removed" => $"Registry '{name}' removed.",
            "verified" => $"Registry '{name}' verified: ok.",
            "verify-failed" => $"Registry '{name}' failed verification.",
            _ => null,
        };
        if (text is null)
        {
            return "";
        }

        var failed = notice == "verify-failed" || detail is { Length: > 0 } && notice == "added" && !detail.StartsWith("verified", StringComparison.Ordinal);
        return $"<div class=\"notice{(failed ? " error" : "")}\" role=\"status\" id=\"notice\">{Html.E(text)}{(string.IsNullOrEmpty(detail) ? "" : $" <span class=\"help\">Verify: {Html.E(detail)}</span>")}</div>";
    }

    private static IResult NewPage(HttpContext context, ConnectionService service, string? typeName, Dictionary<string, string?>? values, Dictionary<string, string[]>? errors, string? summary)
    {
        var caller = Caller.From(context.User);
        var type = service.Types.Find(typeName) ?? service.Types.All[0];
        string V(string field) => values is not null && values.TryGetValue(field, out var v) ? v ?? "" : "";
        string Err(string field) => errors is not null && errors.TryGetValue(field, out var m) ? $"<span class=\"field-error\" data-field=\"{Html.E(field)}\">{Html.E(string.Join(" ", m))}</span>" : "";
        var body = new StringBuilder();
        if (summary is not null)
        {
            body.Append($"<div class=\"notice error\" role=\"alert\">{Html.E(summary)}</div>");
        }

        body.Append("<p>Choose a registry type:</p><nav class=\"types\" aria-label=\"Registry type\">");
        foreach (var t in service.Types.All)
        {
            body.Append($"<a href=\"/registries/new?type={Html.U(t.Type)}\" data-type=\"{Html.E(t.Type)}\"{(t == type ? " aria-current=\"true\"" : "")}>{Html.E(t.DisplayName)}</a>");
        }

        body.Append($"""
            </nav>
            <form method="post" action="/registries/new" class="stack" id="add-registry-form">
              {Page.Csrf(context)}
              <input type="hidden" name="type" value="{Html.E(type.Type)}">
              <h2>{Html.E(type.DisplayName)}</h2>
              <label>Name <small>Display name for this registry within Berth.</small>
                <input name="name" id="field-name" value="{Html.E(V("name"))}" required>{Err("name")}</label>
              <label>Registry URL <small>{Html.E(type.UrlHelp)}</small>
                <input name="url" id="field-url" value="{Html.E(V("url") is { Length: > 0 } u ? u : type.DefaultUrl ?? "")}" placeholder="{Html.E(type.DefaultUrl ?? "https://registry.example.com")}">{Err("url")}{Err("type")}</label>
            """);
        foreach (var field in type.Fields)
        {
            // Secrets are never echoed back into the page, not even after a failed submit.
            var value = field.IsSecret ? "" : V(field.Name);
            body.Append($"""
                <label>{Html.E(field.Label)}{(field.IsRequired ? "" : " <small>(optional)</small>")} <small>{Html.E(field.Help)}</small>
                  <input name="f.{Html.E(field.Name)}" id="field-{Html.E(field.Name)}" type="{(field.IsSecret ? "password" : "text")}" value="{Html.E(value)}" autocomplete="off"{(field.IsRequired ? " required" : "")}>{Err(field.Name)}</label>
                """);
        }

        body.Append($"""
              <details><summary>Advanced</summary>
                <label>Repositories <small>Comma-separated; needed for registries without a catalog (Docker Hub, GHCR).</small>
                  <input name="repositories" id="field-repositories" value="{Html.E(V("repositories"))}">{Err("repositories")}</label>
                <label>Repositories regex <small>Only matching repositories are listed.</small>
                  <input name="repositoriesRegex" value="{Html.E(V("repositoriesRegex"))}">{Err("repositoriesRegex")}</label>
                <label>Cache interval (seconds) <small>How long listings are served from the cache.</small>
                  <input name="cacheIntervalSeconds" type="number" min="10" value="{Html.E(V("cacheIntervalSeconds"))}">{Err("cacheIntervalSeconds")}</label>
                <label><span><input type="checkbox" name="insecure" value="true"{(V("insecure") == "true" ? " checked" : "")}> Insecure (plain HTTP or unverified TLS)</span></label>
              </details>
              <div><button type="submit" id="connect">Connect</button> <a class="button secondary" href="/registries">Cancel</a></div>
            </form>
            """);
        return Page.Render(context, "Add Registry", body.ToString(), caller, "registries", errors is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ConnectionService service)
    {
        if (await DashboardEndpoints.CheckCsrfAsync(context) is { } bad)
        {
            return bad;
        }

        if (AdminOnly(context) is { } forbidden)
        {
            return forbidden;
        }

        var caller = Caller.From(context.User);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var values = form.Keys.Where(k => k.StartsWith("f.", StringComparison.Ordinal))
            .ToDictionary(k => k[2..], k => (string?)form[k].ToString(), StringComparer.Ordinal);
        var cacheText = form["cacheIntervalSeconds"].ToString();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        int? cache = null;
        if (cacheText.Length > 0)
        {
            if (int.TryParse(cacheText, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                cache = seconds;
            }
            else
            {
                errors["cacheIntervalSeconds"] = ["a whole number of seconds"];
            }
        }

        var input = new Berth.Connections.UseCases.ConnectionInput
        {
            Name = form["name"].ToString(),
            Type = form["type"].ToString(),
            Url = form["url"].ToString(),
            Values = values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(),
            Repositories = form["repositories"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            RepositoriesRegex = form["repositoriesRegex"].ToString() is { Length: > 0 } regex ? regex : null,
            Insecure = form["insecure"].ToString() == "true",
            CacheIntervalSeconds = cache,
        };
        var echo = new Dictionary<string, string?>(values, StringComparer.Ordinal)
        {
            ["name"] = input.Name,
            ["url"] = input.Url,
            ["repositories"] = form["repositories"].ToString(),
            ["repositoriesRegex"] = input.RepositoriesRegex,
            ["cacheIntervalSeconds"] = cacheText,
            ["insecure"] = input.Insecure == true ? "true" : null,
        };
        if (errors.Count > 0)
        {
            return NewPage(context, service, input.Type, echo, errors, "Please correct the highlighted fields.");
        }

        var result = await service.CreateAsync(caller, input, context.RequestAborted);
        if (!result.Ok)
        {
            return NewPage(context, service, input.Type, echo, result.ErrorDictionary(), "Please correct the highlighted fields.");
        }

        var report = await service.VerifyAsync(result.Value!, caller.Actor, context.RequestAborted);
        return Results.Redirect($"/registries?notice=added&name={Html.U(result.Value!.Name)}&detail={Html.U(report.Summary)}");
    }

    private static async Task<IResult> RenameAsync(HttpContext context, string name, ConnectionService service)
    {
        if (await DashboardEndpoints.CheckCsrfAsync(context) is { } bad)
        {
            return bad;
        }

        if (AdminOnly(context) is { } forbidden)
        {
            return forbidden;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var result = await service.RenameAsync(Caller.From(context.User), name, form["newName"].ToString(), context.RequestAborted);
        if (result.NotFound)
        {
            return Results.Redirect($"/registries?error={Html.U($"There is no registry named '{name}'.")}");
        }

        return result.Ok
            ? Results.Redirect($"/registries?notice=renamed&name={Html.U(result.Value!.Name)}")
            : Results.Redirect($"/registries?error={Html.U($"Could not rename '{name}': " + string.Join(" ", result.Errors.Select(e => e.Message)))}");
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, string name, ConnectionService service)
    {
        if (await DashboardEndpoints.CheckCsrfAsync(context) is { } bad)
        {
            return bad;
        }

        var caller = Caller.From(context.User);
        var connection = await service.FindAsync(caller, name, context.RequestAborted);
        if (connection is null)
        {
            return Results.Redirect($"/registries?error={Html.U($"There is no registry named '{name}'.")}");
        }

        var report = await service.VerifyAsync(connection, caller.Actor, context.RequestAborted);
        return Results.Redirect($"/registries?notice={(report.Ok ? "verified" : "verify-failed")}&name={Html.U(connection.Name)}&detail={Html.U(report.Summary)}");
    }

    private static async Task<IResult> ConfirmRemoveAsync(HttpContext context, string name, ConnectionService service, ServerStores stores)
    {
        if (AdminOnly(context) is { } forbidden)
        {
            return forbidden;
        }

        var caller = Caller.From(context.User);
        var connection = await service.FindAsync(caller, name, context.RequestAborted);
        if (connection is null)
        {
            return Results.Redirect($"/registries?error={Html.U($"There is no registry named '{name}'.")}");
        }

        var dependents = (await stores.Tokens.ListAsync(caller.OrganizationId, context.RequestAborted))
            .Where(t => !t.IsRevoked && t.Role == ApiTokenRole.Ci && t.MayUseConnection(connection.Name))
            .ToList();
        var body = $"""
            <p>Remove registry <strong>{Html.E(connection.Name)}</strong> (<span class="mono">{Html.E(connection.Url)}</span>)?
            Its saved credentials are deleted; anything that pulls images through it will stop working.</p>
            {(dependents.Count == 0 ? "<p class=\"muted\">No ci token names this registry.</p>"
                : $"<p>These ci tokens name it and will lose access: {string.Join(", ", dependents.Select(t => $"<code>{Html.E(t.Id.ToString("D")[..8])}</code>" + (t.Description is null ? "" : $" ({Html.E(t.Description)})")))}</p>")}
            <form method="post" action="/registries/{Html.U(connection.Name)}/remove" class="stack">
              {Page.Csrf(context)}
              <div><button type="submit" class="danger" id="confirm-remove">Remove registry</button> <a class="button secondary" href="/registries">Cancel</a></div>
            </form>
            """;
        return Page.Render(context, "Remove registry", body, caller, "registries");
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, string name, ConnectionService service)
    {
        if (await DashboardEndpoints.CheckCsrfAsync(context) is { } bad)
        {
            return bad;
        }

        if (AdminOnly(context) is { } forbidden)
        {
            return forbidden;
        }

        return await service.RemoveAsync(Caller.From(context.User), name, context.RequestAborted)
            ? Results.Redirect($"/registries?notice=removed&name={Html.U(name)}")
            : Results.Redirect($"/registries?error={Html.U($"There is no registry named '{name}'.")}");
    }
}
