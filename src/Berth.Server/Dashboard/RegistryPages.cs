using Berth.Connections.Paging;
using System.Globalization;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Storage;
using Berth.Connections.UseCases;
using Berth.Server.Auth;
using Berth.Server.Dashboard.Pages;
using Berth.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Berth.Server.Dashboard;

/// <summary>
/// The Registries pages (the seeds' "Container Registry" settings): list with type, URL, health, last verified and
/// credential expiry; Add Registry with the chosen type's fields; a detail page; a row action menu to rename,
/// verify, remove. Every call into the connection use cases is here; the components only show what this builds.
/// </summary>
internal static class RegistryPages
{
    private const int HealthRows = 20;

    public static void MapRegistryPages(this RouteGroupBuilder signedIn, RouteGroupBuilder admin)
    {
        signedIn.MapGet("/registries", ListAsync);
        signedIn.MapGet("/registries/{name}", DetailAsync);
        signedIn.MapPost("/registries/{name}/verify", VerifyAsync);
        admin.MapGet("/registries/new", (SignedInCaller caller, string? type) => NewPage(caller.Value, type, null, null, null));
        admin.MapPost("/registries/new", CreateAsync);
        admin.MapPost("/registries/{name}/rename", RenameAsync);
        admin.MapGet("/registries/{name}/remove", ConfirmRemoveAsync);
        admin.MapPost("/registries/{name}/remove", RemoveAsync);
    }

    private const string DetachHint = "remove it from its detail page, which detaches them";

    private static async Task<IResult> ListAsync(
        HttpContext http, SignedInCaller caller, ConnectionUseCases connections, string? notice, string? name, string? error, string? detail, string? cursor, CancellationToken ct)
    {
        // A cursor that does not read (edited by hand, or from another list) starts again at the first page.
        var request = PageRequest.TryParse(null, cursor, PageLists.Registries, out var parsed, out _, out _) ? parsed : PageRequest.First();
        var page = await connections.ListPageAsync(caller.Value.ToActor(), request, ct);
        var rows = page.Items.Select(s => s.Connection).Select(c => new RegistryRow(c.Name, c.Type, DisplayName(c.Type), c.Url, c.LastVerifyOk, c.LastVerifyMessage, c.LastVerifiedAt, c.CredentialExpiresAt,
            c.UnreadableError()?.Message)).ToList();
        return DashboardResults.Page<RegistriesPage, RegistriesView>(new RegistriesView(
            caller.Value,
            rows,
            Notice.Error(error) ?? NoticeFor(notice, name, detail),
            page.Next is { } next ? Api.PageLinks.Url(http, next) : null,
            page.Previous is { } previous ? Api.PageLinks.Url(http, previous) : null));
    }

    private static async Task<IResult> DetailAsync(string name, SignedInCaller caller, ConnectionUseCases connections, ServerStores stores, TimeProvider time, string? notice, string? detail, CancellationToken ct)
    {
        var connection = await connections.FindAsync(caller.Value.ToActor(), name, ct);
        if (connection is null)
        {
            return NotFound(caller.Value, name);
        }

        var type = ProviderCatalog.TryGet(connection.Type, out var found) ? found : null;
        var address = ConnectionAddress.Of(connection);
        var verifies = await stores.Connections.QueryAuditAsync(
            caller.Value.OrganizationId, new AuditQuery { ConnectionId = connection.Id, Action = "connection.verify", Limit = HealthRows }, ct);
        var dependents = await connections.DependentsAsync(connection, ct);
        var view = new RegistryDetailView(
            caller.Value,
            connection.Name,
            connection.Type,
            type?.DisplayName ?? connection.Type,
            connection.Url,
            address.HasPath ? $"{address.Host.Name}/{address.Path}" : address.Host.Name,
            DetailFields(connection, type),
            DetailOptions(connection.Options),
            connection.LastVerifyOk,
            connection.LastVerifyMessage,
            connection.LastVerifiedAt,
            connection.CredentialExpiresAt,
            time.GetUtcNow(),
            connection.Created,
            connection.Updated,
            verifies.Entries.Select(e => new HealthCheck(e.At, VerifyOutcome(e.Detail), e.Actor, e.Detail)).ToList(),
            dependents,
            NoticeFor(notice, connection.Name, detail),
            connection.UnreadableError()?.Message)
        {
            Capabilities = await connections.CapabilitiesAsync(connection, ct),
        };
        return DashboardResults.Page<RegistryDetailPage, RegistryDetailView>(view);
    }

    /// <summary>Non-secret fields as stored; secret fields only as set / not set, with at most a last-four hint.</summary>
    private static List<DetailField> DetailFields(Connection connection, IRegistryProvider? type)
    {
        var fields = new List<DetailField>();
        foreach (var field in type?.Fields ?? [])
        {
            fields.Add(field.IsSecret
                ? new DetailField(field.Name, field.Label, !connection.Secrets.IsReadable(field.Name) ? "unreadable" : connection.Secrets.IsSet(field.Name) ? "set" : "not set", IsSecret: true, Hint: connection.Secrets.Hint(field.Name))
                : new DetailField(field.Name, field.Label, connection.Fields.TryGetValue(field.Name, out var value) ? value : "—"));
        }

        // Anything stored that the type's form no longer lists, so nothing saved is invisible.
        foreach (var (name, value) in connection.Fields.Where(f => !Listed(type, f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            fields.Add(new DetailField(name, name, value));
        }

        foreach (var name in connection.Secrets.Names.Where(n => !Listed(type, n)))
        {
            fields.Add(new DetailField(name, name, connection.Secrets.IsReadable(name) ? "set" : "unreadable", IsSecret: true, Hint: connection.Secrets.Hint(name)));
        }

        return fields;
    }

    private static bool Listed(IRegistryProvider? type, string field) => type?.Fields.Any(f => f.Name == field) == true;

    private static string DisplayName(string type) => ProviderCatalog.TryGet(type, out var provider) ? provider.DisplayName : type;

    private static List<DetailField> DetailOptions(ConnectionOptions o)
    {
        static string Seconds(TimeSpan? t, string unset) => t is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalSeconds:0} s") : unset;
        static string YesNo(bool value) => value ? "yes" : "no";
        return
        [
            new("repositories", "Repositories", o.Repositories.Count == 0 ? "all the registry lists" : string.Join(", ", o.Repositories)),
            new("repositoriesRegex", "Repositories regex", o.RepositoriesRegex ?? "—"),
            new("insecure", "Insecure", YesNo(o.Insecure)),
            new("apiPath", "API path", o.ApiPath ?? "host root (or, for JFrog, read from the URL)"),
            new("caBundle", "CA bundle", o.CaBundlePem is null ? "not set" : "set"),
            new("clientTimeout", "Client timeout", Seconds(o.ClientTimeout, "default")),
            new("cacheInterval", "Cache interval", Seconds(o.CacheInterval, "default")),
            new("paginateSize", "Page size", o.PaginateSize?.ToString(CultureInfo.InvariantCulture) ?? "default"),
            new("createRepositories", "Create repositories on push", YesNo(o.CreateRepositories)),
            new("sortTagsByDate", "Sort tags by date", YesNo(o.SortTagsByDate)),
            new("trackDigests", "Track digests", YesNo(o.TrackDigests)),
            new("passwordFile", "Password file", o.PasswordFile ?? "—"),
            // Only the program: its arguments are the operator's business and may say more than they should.
            new("passwordCommand", "Password command", o.PasswordCommand.Count == 0 ? "—" : $"{o.PasswordCommand[0]} ({o.PasswordCommand.Count - 1} arguments)"),
        ];
    }

    /// <summary>The verify use case writes its audit rows as "name: ok" or "name: failed: why".</summary>
    private static bool? VerifyOutcome(string? detail) =>
        detail is null ? null
        : detail.EndsWith(": ok", StringComparison.Ordinal) ? true
        : detail.Contains(": failed", StringComparison.Ordinal) ? false
        : null;

    private static Notice? NoticeFor(string? notice, string? name, string? detail)
    {
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
            return null;
        }

        var failed = notice == "verify-failed" || detail is { Length: > 0 } && notice == "added" && !detail.StartsWith("verified", StringComparison.Ordinal);
        return new Notice(text, failed, string.IsNullOrEmpty(detail) ? null : "Verify: " + detail);
    }

    private static IResult NewPage(Caller caller, string? typeName, Dictionary<string, string?>? values, Dictionary<string, string[]>? errors, string? summary)
    {
        var type = ProviderCatalog.TryGet(typeName, out var found) ? found : ProviderCatalog.All[0];
        var view = new NewRegistryView(caller, ProviderCatalog.All, type, values ?? [], errors ?? [], summary);
        return DashboardResults.Page<NewRegistryPage, NewRegistryView>(view, errors is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> CreateAsync(SignedInCaller caller, IFormCollection form, ConnectionUseCases connections, CancellationToken ct)
    {
        var values = form.Keys.Where(k => k.StartsWith("f.", StringComparison.Ordinal))
            .ToDictionary(k => k[2..], k => (string?)form[k].ToString(), StringComparer.Ordinal);
        var cacheText = form["cacheIntervalSeconds"].ToString();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        int? cache = null;
        if (cacheText.Length > 0)
        {
            if (int.TryParse(cacheText, CultureInfo.InvariantCulture, out var seconds))
            {
                cache = seconds;
            }
            else
            {
                errors["cacheIntervalSeconds"] = ["a whole number of seconds"];
            }
        }

        var input = new ConnectionInput
        {
            Name = form["name"].ToString(),
            Type = form["type"].ToString(),
            Url = form["url"].ToString(),
            Values = values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(),
            Repositories = form["repositories"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            RepositoriesRegex = form["repositoriesRegex"].ToString() is { Length: > 0 } regex ? regex : null,
            Insecure = form["insecure"].ToString() == "true",
            CacheIntervalSeconds = cache,
            ApiPath = form["apiPath"].ToString() is { Length: > 0 } apiPath ? apiPath : null,
        };
        var echo = new Dictionary<string, string?>(values, StringComparer.Ordinal)
        {
            ["name"] = input.Name,
            ["url"] = input.Url,
            ["repositories"] = form["repositories"].ToString(),
            ["repositoriesRegex"] = input.RepositoriesRegex,
            ["cacheIntervalSeconds"] = cacheText,
            ["insecure"] = input.Insecure == true ? "true" : null,
            ["apiPath"] = input.ApiPath,
        };
        if (errors.Count > 0)
        {
            return NewPage(caller.Value, input.Type, echo, errors, "Please correct the highlighted fields.");
        }

        ConnectionChange change;
        try
        {
            change = await connections.CreateAsync(caller.Value.ToActor(), input, verify: true, ct);
        }
        catch (Exception e) when (FieldErrors(e) is { } fieldErrors)
        {
            return NewPage(caller.Value, input.Type, echo, fieldErrors, "Please correct the highlighted fields.");
        }

        if (change.Saved is not { } saved)
        {
            // Verified before saving, as everywhere: nothing was saved, the form stays filled in (secrets aside).
            return NewPage(caller.Value, input.Type, echo, new Dictionary<string, string[]> { ["url"] = [change.Report!.Summary] },
                $"Not saved: {change.Report.Summary}. Fix the fields and try again.");
        }

        return Results.Redirect($"/registries?notice=added&name={Format.Url(saved.Name)}&detail={Format.Url(change.Report!.Summary)}");
    }

    /// <summary>A use case's refusal of the input, as the form's per-field errors; null for any other failure.</summary>
    private static Dictionary<string, string[]>? FieldErrors(Exception e) => e switch
    {
        ConnectionValidationException invalid => invalid.Errors.GroupBy(x => x.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray(), StringComparer.Ordinal),
        DuplicateConnectionNameException taken => new Dictionary<string, string[]> { ["name"] = [taken.Message] },
        _ => null,
    };

    private static async Task<IResult> RenameAsync(string name, [FromForm] string? newName, SignedInCaller caller, ConnectionUseCases connections, CancellationToken ct)
    {
        try
        {
            var renamed = await connections.RenameAsync(caller.Value.ToActor(), name, newName, ct);
            return Results.Redirect($"/registries?notice=renamed&name={Format.Url(renamed.Name)}");
        }
        catch (UnknownConnectionException)
        {
            return Results.Redirect($"/registries?error={Format.Url($"There is no registry named '{name}'.")}");
        }
        catch (Exception e) when (FieldErrors(e) is { } errors)
        {
            return Results.Redirect($"/registries?error={Format.Url($"Could not rename '{name}': " + string.Join(" ", errors.SelectMany(x => x.Value)))}");
        }
    }

    private static async Task<IResult> VerifyAsync(string name, [FromForm] string? returnTo, SignedInCaller caller, ConnectionUseCases connections, CancellationToken ct)
    {
        var connection = await connections.FindAsync(caller.Value.ToActor(), name, ct);
        if (connection is null)
        {
            return Results.Redirect($"/registries?error={Format.Url($"There is no registry named '{name}'.")}");
        }

        var report = await connections.VerifyAsync(caller.Value.ToActor(), connection, ct);
        var query = $"notice={(report.Ok ? "verified" : "verify-failed")}&detail={Format.Url(report.Summary)}";
        return returnTo == "detail"
            ? Results.Redirect($"/registries/{Format.Url(connection.Name)}?{query}")
            : Results.Redirect($"/registries?{query}&name={Format.Url(connection.Name)}");
    }

    private static async Task<IResult> ConfirmRemoveAsync(string name, SignedInCaller caller, ConnectionUseCases connections, CancellationToken ct)
    {
        var connection = await connections.FindAsync(caller.Value.ToActor(), name, ct);
        if (connection is null)
        {
            return Results.Redirect($"/registries?error={Format.Url($"There is no registry named '{name}'.")}");
        }

        var dependents = await connections.DependentsAsync(connection, ct);
        return DashboardResults.Page<RemoveRegistryPage, RemoveRegistryView>(new RemoveRegistryView(caller.Value, connection.Name, connection.Url, dependents));
    }

    /// <summary>The confirmation page listed what depends on the registry, so confirming detaches them.</summary>
    private static async Task<IResult> RemoveAsync(string name, SignedInCaller caller, ConnectionUseCases connections, CancellationToken ct)
    {
        try
        {
            await connections.RemoveAsync(caller.Value.ToActor(), name, RemoveMode.Detach, DetachHint, ct);
            return Results.Redirect($"/registries?notice=removed&name={Format.Url(name)}");
        }
        catch (UnknownConnectionException)
        {
            return Results.Redirect($"/registries?error={Format.Url($"There is no registry named '{name}'.")}");
        }
    }

    private static IResult NotFound(Caller caller, string name) =>
        DashboardResults.Message(caller, "Not found", $"There is no registry named '{name}'.", StatusCodes.Status404NotFound, "registries", "/registries", "Back to registries");
}
