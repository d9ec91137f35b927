using System.Text.RegularExpressions;
using Berth.Connections.Docker;
using Berth.Connections.Kubernetes;
using Berth.Connections.Providers;
using Berth.Connections.PullSecrets;

namespace Berth.Connections.UseCases;

/// <summary>
/// The Secret for a set of connections, with credentials read now (fresh for short-lived types, each read audited
/// with its purpose): all of them or nothing, so a Secret never silently lacks a registry. Shared by saved targets
/// and the one-shot.
/// </summary>
internal static partial class PullSecretContent
{
    public static async Task<(KubernetesSecretDraft Secret, IReadOnlyList<ExportedConnection> Report, DateTimeOffset? ExpiresAt)> BuildAsync(
        ConnectionUseCases connections, Actor actor, IReadOnlyList<Connection> carried, string secretName, string purpose, CancellationToken cancellationToken)
    {
        var items = new List<(Connection, ProviderCredential)>();
        foreach (var connection in carried)
        {
            var obtained = await connections.ReadCredentialAsync(actor, connection, purpose, cancellationToken).ConfigureAwait(false);
            items.Add((connection, new ProviderCredential(obtained.Credential, obtained.ExpiresAt)));
        }

        if (items.Count == 0)
        {
            throw new PullSecretTargetValidationException([new ValidationError("connections", "the Secret would carry no connections; name at least one")]);
        }

        var export = DockerConfigExporter.Build(items);
        var expires = items.Select(i => i.Item2.ExpiresAt).Where(e => e is not null).Min();
        return (PullSecretDrafts.Create(secretName, export.File.Auths), export.Connections, expires);
    }

    /// <summary>Namespace names (DNS labels) and the Secret name (a DNS subdomain), as the API server checks them.</summary>
    public static List<ValidationError> NameErrors(IReadOnlyList<string> namespaces, string? secretName)
    {
        var errors = new List<ValidationError>();
        if (namespaces.Count == 0)
        {
            errors.Add(new ValidationError("namespaces", "name at least one namespace"));
        }

        foreach (var ns in namespaces.Where(n => n.Length > 63 || !LabelPattern().IsMatch(n)))
        {
            errors.Add(new ValidationError("namespaces", $"'{ns}' is not a namespace name (lowercase letters, digits and '-', at most 63)"));
        }

        var name = secretName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 253 || !SubdomainPattern().IsMatch(name))
        {
            errors.Add(new ValidationError("secretName", "a Secret name is required: lowercase letters, digits, '-' and '.', at most 253"));
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();
}
