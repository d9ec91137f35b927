using System.Globalization;
using Berth.Cli.Json;
using Berth.Connections.PullSecrets;
using Berth.Connections.UseCases;

namespace Berth.Cli.Output;

/// <summary>
/// How <c>berth kube</c> prints pull-secret targets and applies: the use cases' JSON shapes with <c>--output json</c>
/// (the API's too), plain columns and key/value lines otherwise. Nothing printed here can hold a token: the views
/// carry it as <c>set</c>/<c>unreadable</c> only.
/// </summary>
internal static class PullSecretOutput
{
    public static void WriteList(CommandContext ctx, IReadOnlyList<PullSecretTargetView> targets)
    {
        if (ctx.Json)
        {
            CliJson.Write(ctx.Out, targets, UseCaseJsonContext.Default.IReadOnlyListPullSecretTargetView);
            return;
        }

        if (targets.Count == 0)
        {
            ctx.Out.WriteLine("no pull-secret targets yet; add one with 'berth kube target add NAME --server URL --token-stdin --namespace NS --secret-name S CONNECTION...'");
            return;
        }

        Columns.Write(ctx.Out, ["NAME", "SERVER", "SECRET", "NAMESPACES", "CONNECTIONS", "LAST WRITE", "NEXT REFRESH", "STATUS"], targets.Select(t => (IReadOnlyList<string>)
        [
            t.Name, t.Server, t.SecretName, Namespaces(t), t.Connections.Count == 0 ? "-" : string.Join(",", t.Connections),
            When(t.Status.Select(s => s.LastWrite).Max()) ?? "never", When(t.NextRefresh) ?? "-", State(t),
        ]));
    }

    public static void WriteTarget(CommandContext ctx, PullSecretTargetView target)
    {
        if (ctx.Json)
        {
            CliJson.Write(ctx.Out, target, UseCaseJsonContext.Default.PullSecretTargetView);
            return;
        }

        KeyValueList.Write(ctx.Out,
        [
            new("name", target.Name),
            new("server", target.Server),
            new("ca bundle", target.CaBundle is null ? "system trust store" : "set"),
            new("token", target.Token),
            new(target.NamespaceSelector is null ? "namespaces" : "namespace selector", target.NamespaceSelector ?? string.Join(", ", target.Namespaces)),
            new("secret name", target.SecretName),
            new("connections", string.Join(", ", target.Connections)),
            new("patch default sa", target.PatchDefaultServiceAccount ? "yes" : "no"),
            new("created", When(target.Created)),
            new("updated", When(target.Updated)),
            new("next refresh", When(target.NextRefresh) ?? "after the next change"),
            new("status", State(target)),
        ]);
        if (target.Status.Count > 0)
        {
            ctx.Out.WriteLine();
            Columns.Write(ctx.Out, ["NAMESPACE", "LAST ATTEMPT", "LAST WRITE", "ACTION", "LAST ERROR"], target.Status.Select(s => (IReadOnlyList<string>)
            [
                s.Namespace, When(s.LastAttempt)!, When(s.LastWrite) ?? "never", s.LastAction ?? "-", s.LastError ?? "-",
            ]));
        }
    }

    /// <summary>What one apply wrote, per namespace, and the registries and expiry of each connection it carries.</summary>
    public static async Task WriteApplyAsync(CommandContext ctx, string server, PullSecretApply applied)
    {
        if (ctx.Json)
        {
            CliJson.Write(ctx.Out, applied, UseCaseJsonContext.Default.PullSecretApply);
            return;
        }

        var registries = applied.Connections.SelectMany(c => c.Keys).ToList();
        await ctx.Out.WriteLineAsync($"Secret {applied.SecretName} (kubernetes.io/dockerconfigjson) on {server}: {string.Join(", ", registries)}").ConfigureAwait(false);
        foreach (var write in applied.Namespaces)
        {
            var line = write.Ok
                ? $"  {write.Namespace}: {write.Action}{(write.ServiceAccountPatched ? "; added to ServiceAccount default imagePullSecrets" : "")}"
                : $"  {write.Namespace}: failed: {write.Error}";
            await ctx.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        foreach (var connection in applied.Connections)
        {
            var expiry = connection.ExpiresAt is { } at ? $", expires {When(at)}" : "";
            var note = connection.Note is null ? "" : $" ({connection.Note})";
            await ctx.Out.WriteLineAsync($"  connection {connection.Name} ({connection.Type}): {string.Join(", ", connection.Keys)}{expiry}{note}").ConfigureAwait(false);
        }

        if (applied.NextRefresh is { } next)
        {
            await ctx.Out.WriteLineAsync($"  next refresh due {When(next)}").ConfigureAwait(false);
        }
    }

    private static string Namespaces(PullSecretTargetView t) => t.NamespaceSelector is { } selector ? "selector " + selector : string.Join(",", t.Namespaces);

    /// <summary>ok, the failing namespaces, or why nothing can be written.</summary>
    private static string State(PullSecretTargetView t)
    {
        if (t.Token == PullSecretTargetView.TokenUnreadable)
        {
            return "TOKEN UNREADABLE";
        }

        var failing = t.Status.Where(s => s.LastError is not null).Select(s => s.Namespace).ToList();
        return t.Status.Count == 0 ? "not written yet" : failing.Count == 0 ? "ok" : "failing: " + string.Join(",", failing);
    }

    private static string? When(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
