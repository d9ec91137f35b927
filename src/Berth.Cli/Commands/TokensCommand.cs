using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Berth.Cli.Json;
using Berth.Cli.Output;
using Berth.Connections;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;
using Berth.Connections.UseCases;
using Berth.Errors;

namespace Berth.Cli.Commands;

/// <summary><c>berth tokens create|list|revoke</c>: API tokens for the server, managed straight in the shared store.</summary>
internal static class TokensCommand
{
    public static Command Create()
    {
        var org = new Option<string>("--org") { Description = "Organization the token belongs to (created when new)", Required = true };
        var role = new Option<string>("--role") { Description = "admin | member | ci", Required = true };
        var connections = new Option<string?>("--connections") { Description = "ci tokens: comma-separated connection names the token may use" };
        var description = new Option<string?>("--description") { Description = "What the token is for (shown in lists)" };
        var create = new Command("create", "Create an API token; its text is printed once and never again") { org, role, connections, description };
        CommandRunner.SetAction(create, (ctx, ct) => CreateAsync(ctx, ctx.Get(org)!, ctx.Get(role)!, ctx.Get(connections), ctx.Get(description), ct));

        var listOrg = new Option<string?>("--org") { Description = "Only this organization's tokens" };
        var list = new Command("list", "List API tokens (id, organization, role, connections, last use; never the token text)") { listOrg };
        CommandRunner.SetAction(list, (ctx, ct) => ListAsync(ctx, ctx.Get(listOrg), ct));

        var id = new Argument<string>("ID") { Description = "Token id, as shown by 'berth tokens list'" };
        var revoke = new Command("revoke", "Revoke an API token; requests with it fail from then on") { id };
        CommandRunner.SetAction(revoke, (ctx, ct) => RevokeAsync(ctx, ctx.Get(id)!, ct));

        return new Command("tokens", "Manage the server's API tokens") { create, list, revoke };
    }

    private static async Task<int> CreateAsync(CommandContext ctx, string orgName, string roleName, string? connectionList, string? description, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(orgName))
        {
            throw new UsageException("--org must not be empty");
        }

        var names = (connectionList ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return await WithStoresAsync(ctx, async (connectionsStore, tokens) =>
        {
            var organization = await connectionsStore.EnsureOrganizationAsync(orgName.Trim(), ct).ConfigureAwait(false);
            var created = await new TokenUseCases(connectionsStore, tokens).CreateAsync(new Actor(organization.Id, "cli"), roleName, names, description, ct).ConfigureAwait(false);
            if (created.Issued is not { } issued)
            {
                throw new UsageException($"--{created.Field}: {created.Error}");
            }

            var role = issued.Token.Role.ToName();
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new CreatedTokenOutput(issued.Token.Id.ToString("D"), organization.Name, role, issued.Token.Connections, issued.Secret), TokenJsonContext.Default.CreatedTokenOutput);
            }
            else
            {
                await ctx.Out.WriteLineAsync($"created {role} token {issued.Token.Id:D} for organization '{organization.Name}'"
                    + (names.Length > 0 ? $" (connections: {string.Join(", ", issued.Token.Connections)})" : "")).ConfigureAwait(false);
                await ctx.Out.WriteLineAsync("token (shown only now; keep it secret):").ConfigureAwait(false);
                await ctx.Out.WriteLineAsync(issued.Secret).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, ct).ConfigureAwait(false);
    }

    private static async Task<int> ListAsync(CommandContext ctx, string? orgName, CancellationToken ct) =>
        await WithStoresAsync(ctx, async (connectionsStore, tokens) =>
        {
            var organizations = (await connectionsStore.ListOrganizationsAsync(ct).ConfigureAwait(false)).ToDictionary(o => o.Id);
            Guid? only = null;
            if (!string.IsNullOrWhiteSpace(orgName))
            {
                only = (await connectionsStore.GetOrganizationAsync(orgName, ct).ConfigureAwait(false)
                    ?? throw new UsageException($"there is no organization '{orgName}'")).Id;
            }

            var rows = (await tokens.ListAsync(only, ct).ConfigureAwait(false))
                .Select(t => new TokenOutput(
                    t.Id.ToString("D"),
                    organizations.TryGetValue(t.OrganizationId, out var o) ? o.Name : t.OrganizationId.ToString("D"),
                    t.Role.ToName(),
                    t.Connections,
                    t.Description,
                    t.Created,
                    t.LastUsed,
                    t.Revoked))
                .ToList();
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, rows, TokenJsonContext.Default.ListTokenOutput);
            }
            else
            {
                Columns.Write(ctx.Out, ["ID", "ORGANIZATION", "ROLE", "CONNECTIONS", "CREATED", "LAST USED", "STATUS"], rows.Select(r => (IReadOnlyList<string>)
                [
                    r.Id, r.Organization, r.Role, r.Connections.Count == 0 ? "-" : string.Join(",", r.Connections),
                    Format(r.Created), r.LastUsed is { } used ? Format(used) : "never", r.Revoked is null ? "active" : "revoked",
                ]));
            }

            return ExitCodes.Ok;
        }, ct).ConfigureAwait(false);

    private static async Task<int> RevokeAsync(CommandContext ctx, string idText, CancellationToken ct)
    {
        if (!Guid.TryParse(idText, out var id))
        {
            throw new UsageException($"'{idText}' is not a token id; 'berth tokens list' shows them");
        }

        return await WithStoresAsync(ctx, async (connectionsStore, tokens) =>
        {
            // The CLI administers every organization: the token's own is the one the revocation is audited in.
            var existing = await tokens.GetAsync(id, ct).ConfigureAwait(false);
            if (existing is null || !await new TokenUseCases(connectionsStore, tokens).RevokeAsync(new Actor(existing.OrganizationId, "cli"), id, ct).ConfigureAwait(false))
            {
                await ctx.Error.WriteLineAsync(existing is null ? $"berth: no token with id {id:D}" : $"berth: token {id:D} was already revoked").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            await ctx.Out.WriteLineAsync($"revoked token {id:D}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct).ConfigureAwait(false);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static async Task<int> WithStoresAsync(CommandContext ctx, Func<IConnectionStore, ITokenStore, Task<int>> work, CancellationToken ct)
    {
        try
        {
            var dataDirectory = DataDirectory.Resolve(ctx.Get(GlobalOptions.DataDir));
            var database = ctx.Get(GlobalOptions.Database) ?? Environment.GetEnvironmentVariable("BERTH_DATABASE");
            var protector = AesGcmSecretProtector.Load(dataDirectory);
            var store = await StoreFactory.OpenAsync(database, dataDirectory, protector, ct).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var tokens = await TokenStoreFactory.OpenAsync(database, dataDirectory, null, ct).ConfigureAwait(false);
                await using (tokens.ConfigureAwait(false))
                {
                    return await work(store, tokens).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is BerthException or DbException)
        {
            await ctx.Error.WriteLineAsync($"berth tokens: {e.Message}").ConfigureAwait(false);
            return ExitCodes.For(e);
        }
    }
}
