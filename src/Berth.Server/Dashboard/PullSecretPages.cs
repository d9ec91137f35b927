using Berth.Connections.Paging;
using Berth.Connections.PullSecrets;
using Berth.Connections.UseCases;
using Berth.Server.Dashboard.Pages;

namespace Berth.Server.Dashboard;

/// <summary>
/// Kubernetes pull-secret targets (admin): list with per-namespace last write and last error, add, write now, remove.
/// The same <see cref="PullSecretUseCases"/> as the REST API and the refresher.
/// </summary>
internal static class PullSecretPages
{
    public static void MapPullSecretPages(this RouteGroupBuilder admin)
    {
        admin.MapGet("/pull-secrets", (HttpContext http, SignedInCaller caller, PullSecretUseCases targets, ConnectionUseCases connections, string? notice, string? cursor, CancellationToken ct) =>
            ListAsync(http, caller, targets, connections, PullSecretFormValues.Empty, new Dictionary<string, string>(), notice is null ? null : new Notice(notice), ct, cursor));
        admin.MapPost("/pull-secrets", CreateAsync);
        admin.MapPost("/pull-secrets/{name}/apply", ApplyAsync);
        admin.MapPost("/pull-secrets/{name}/remove", RemoveAsync);
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, SignedInCaller caller, PullSecretUseCases targets, ConnectionUseCases connections, PullSecretFormValues form, Dictionary<string, string> errors, Notice? notice,
        CancellationToken ct, string? cursor = null)
    {
        var actor = caller.Value.ToActor();
        // A cursor that does not read (edited by hand, or from another list) starts again at the first page.
        var request = PageRequest.TryParse(null, cursor, PageLists.PullSecretTargets, out var parsed, out _, out _) ? parsed : PageRequest.First();
        var page = await targets.ListPageAsync(actor, request, ct);
        // The add form's choices: every registry's name, read from pages of summaries (no secret decrypted).
        var names = new List<string>();
        for (PageRequest? at = PageRequest.First(PageRequest.MaxLimit); at is { } current;)
        {
            var registries = await connections.ListPageAsync(actor, current, ct);
            names.AddRange(registries.Items.Select(r => r.Connection.Name));
            at = registries.Next is { } more ? current with { Cursor = more } : null;
        }

        return DashboardResults.Page<PullSecretsPage, PullSecretsView>(
            new PullSecretsView(caller.Value, page.Items, names, form, errors, notice)
            {
                NextUrl = page.Next is { } next ? PageUrl(http, next) : null,
                PreviousUrl = page.Previous is { } previous ? PageUrl(http, previous) : null,
            },
            errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>The list's own address with the cursor (the add form posts to the same path, so an answer to it pages too).</summary>
    private static string PageUrl(HttpContext http, PageCursor cursor) => http.Request.PathBase + "/pull-secrets?cursor=" + Uri.EscapeDataString(cursor.ToString());

    private static async Task<IResult> CreateAsync(HttpContext http, SignedInCaller caller, IFormCollection posted, PullSecretUseCases targets, ConnectionUseCases connections, CancellationToken ct)
    {
        string[] chosen = [.. posted["connections"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!)];
        var form = new PullSecretFormValues(posted["name"], posted["server"], posted["caBundle"], posted["namespaces"], posted["namespaceSelector"], posted["secretName"], chosen,
            posted["patchDefaultServiceAccount"] == "true");
        var input = new PullSecretTargetInput
        {
            Name = form.Name,
            Server = form.Server,
            CaBundlePem = string.IsNullOrWhiteSpace(form.CaBundle) ? null : form.CaBundle,
            Token = posted["token"].ToString(),
            Namespaces = (form.Namespaces ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            NamespaceSelector = string.IsNullOrWhiteSpace(form.NamespaceSelector) ? null : form.NamespaceSelector,
            SecretName = form.SecretName,
            Connections = chosen,
            PatchDefaultServiceAccount = form.PatchDefaultServiceAccount,
        };
        try
        {
            var saved = await targets.CreateAsync(caller.Value.ToActor(), input, ct);
            return Results.Redirect($"/pull-secrets?notice={Uri.EscapeDataString($"Target {saved.Name} added; its Secret is written within a refresh interval, or now with 'Write now'.")}");
        }
        catch (PullSecretTargetValidationException e)
        {
            var errors = e.Errors.GroupBy(x => x.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(x => x.Message)), StringComparer.Ordinal);
            return await ListAsync(http, caller, targets, connections, form, errors, new Notice("The target was not added; fix the fields marked below.", IsError: true), ct);
        }
        catch (PullSecretTargetExistsException e)
        {
            return await ListAsync(http, caller, targets, connections, form, new Dictionary<string, string> { ["name"] = e.Message }, null, ct);
        }
    }

    private static async Task<IResult> ApplyAsync(string name, SignedInCaller caller, PullSecretUseCases targets, CancellationToken ct)
    {
        var applied = await targets.ApplyAsync(caller.Value.ToActor(), name, ct);
        var text = applied.Ok
            ? $"Secret {applied.SecretName} written to {string.Join(", ", applied.Namespaces.Select(n => $"{n.Namespace} ({n.Action})"))}."
            : $"Secret {applied.SecretName}: {applied.Namespaces.Count(n => !n.Ok)} of {applied.Namespaces.Count} namespaces failed; see the table.";
        return Results.Redirect($"/pull-secrets?notice={Uri.EscapeDataString(text)}");
    }

    private static async Task<IResult> RemoveAsync(string name, SignedInCaller caller, PullSecretUseCases targets, CancellationToken ct)
    {
        var removed = await targets.RemoveAsync(caller.Value.ToActor(), name, ct);
        return Results.Redirect($"/pull-secrets?notice={Uri.EscapeDataString($"Target {removed.Name} removed; the Secrets it wrote stay on the cluster.")}");
    }
}
