using System.Security.Claims;
using Berth.Connections.Paging;
using Berth.Connections.PullSecrets;
using Berth.Connections.UseCases;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary>
/// <c>/api/v1/pull-secret-targets</c>: Kubernetes pull-secret targets of the caller's organization, admin only (they
/// hold a cluster token and hand registry credentials to a cluster). Every change and apply is audited by the use case.
/// </summary>
internal static class PullSecretEndpoints
{
    public static void MapPullSecretTargets(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/pull-secret-targets").WithTags("Pull-secret targets").RequireAuthorization(BerthClaims.AdminPolicy);
        group.MapGet("/", ListAsync).WithName("ListPullSecretTargets").WithSummary("One page of the organization's Kubernetes pull-secret targets by name, with per-namespace last write and last error (?limit=, ?cursor= from the Link header)");
        group.MapPost("/", CreateAsync).WithName("CreatePullSecretTarget")
            .WithSummary("Add a target: cluster (server, CA bundle, service-account token), namespaces or a label selector, Secret name, connections");
        group.MapGet("/{name}", GetAsync).WithName("GetPullSecretTarget").WithSummary("One target (its token shows as set / unreadable only)");
        group.MapPut("/{name}", UpdateAsync).WithName("UpdatePullSecretTarget").WithSummary("Change a target; absent fields keep their value");
        group.MapDelete("/{name}", DeleteAsync).WithName("DeletePullSecretTarget").WithSummary("Forget a target (the Secrets it wrote stay on the cluster)");
        group.MapPost("/{name}/apply", ApplyAsync).WithName("ApplyPullSecretTarget")
            .WithSummary("Write the Secret into every namespace now (create or replace), and add it to default ServiceAccounts when asked");
    }

    private static async Task<Results<Ok<List<PullSecretTargetView>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, HttpContext http, ClaimsPrincipal user, PullSecretUseCases targets, CancellationToken ct)
    {
        if (!PageLinks.TryRead(limit, cursor, PageLists.PullSecretTargets, out var request, out var problem))
        {
            return problem!;
        }

        var page = await targets.ListPageAsync(Caller.From(user).ToActor(), request, ct);
        PageLinks.Write(http, page);
        return TypedResults.Ok(page.Items.Select(t => PullSecretTargetView.From(t.Target, t.Connections)).ToList());
    }

    private static async Task<Ok<PullSecretTargetView>> GetAsync(string name, ClaimsPrincipal user, PullSecretUseCases targets, CancellationToken ct) =>
        TypedResults.Ok(await ShowAsync(await targets.GetAsync(Caller.From(user).ToActor(), name, ct), targets, ct));

    private static async Task<Created<PullSecretTargetView>> CreateAsync(PullSecretTargetRequest request, ClaimsPrincipal user, PullSecretUseCases targets, CancellationToken ct)
    {
        var saved = await targets.CreateAsync(Caller.From(user).ToActor(), request.ToInput(), ct);
        return TypedResults.Created($"/api/v1/pull-secret-targets/{Uri.EscapeDataString(saved.Name)}", await ShowAsync(saved, targets, ct));
    }

    private static async Task<Ok<PullSecretTargetView>> UpdateAsync(string name, PullSecretTargetRequest request, ClaimsPrincipal user, PullSecretUseCases targets, CancellationToken ct) =>
        TypedResults.Ok(await ShowAsync(await targets.UpdateAsync(Caller.From(user).ToActor(), name, request.ToInput(), ct), targets, ct));

    private static async Task<NoContent> DeleteAsync(string name, ClaimsPrincipal user, PullSecretUseCases targets, CancellationToken ct)
    {
        await targets.RemoveAsync(Caller.From(user).ToActor(), name, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PullSecretApply>> ApplyAsync(string name, ClaimsPrincipal user, PullSecretUseCases targets, CancellationToken ct) =>
        TypedResults.Ok(await targets.ApplyAsync(Caller.From(user).ToActor(), name, ct));

    private static Task<PullSecretTargetView> ShowAsync(PullSecretTarget target, PullSecretUseCases targets, CancellationToken ct) =>
        targets.ViewAsync(target, ct);
}
