using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Berth.Connections.Providers;
using Berth.Connections.PullSecrets;

namespace Berth.Connections.UseCases;

public sealed partial class PullSecretUseCases
{
    /// <summary>The input over the existing target (null when new), every field checked and every error reported.</summary>
    private async Task<PullSecretTarget> BuildAsync(Actor actor, PullSecretTargetInput input, PullSecretTarget? existing, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var name = input.Name?.Trim() ?? existing?.Name;
        if (string.IsNullOrEmpty(name) || name.Length > 100 || !NamePattern().IsMatch(name))
        {
            errors.Add(new ValidationError("name", "a name of letters, digits, '.', '_' or '-' (at most 100) is required"));
        }

        Uri? server = existing?.Server;
        if (input.Server is not null || existing is null)
        {
            server = Uri.TryCreate(input.Server?.Trim(), UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http" && parsed.Host.Length > 0
                ? parsed
                : null;
            if (server is null)
            {
                errors.Add(new ValidationError("server", "the Kubernetes API server URL is required, e.g. https://203.0.113.10:6443"));
            }
        }

        var ca = existing?.CaBundlePem;
        if (input.CaBundlePem is not null)
        {
            ca = string.IsNullOrWhiteSpace(input.CaBundlePem) ? null : input.CaBundlePem.Trim() + "\n";
            if (ca is not null && CaError(ca) is { } caError)
            {
                errors.Add(new ValidationError("caBundle", caError));
            }
        }

        var token = input.Token?.Trim();
        if ((existing is null || input.Token is not null) && string.IsNullOrEmpty(token))
        {
            errors.Add(new ValidationError("token", "the service account's bearer token is required"));
        }
        else if (token is not null && token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add(new ValidationError("token", "a bearer token holds no spaces or control characters"));
        }

        var selector = input.NamespaceSelector is null ? existing?.NamespaceSelector : (string.IsNullOrWhiteSpace(input.NamespaceSelector) ? null : input.NamespaceSelector.Trim());
        var namespaces = input.Namespaces is null ? existing?.Namespaces ?? [] : input.Namespaces.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (input.Namespaces is not null && input.Namespaces.Count > 0 && input.NamespaceSelector is null)
        {
            selector = null;
        }
        else if (input.NamespaceSelector is not null && selector is not null)
        {
            namespaces = [];
        }

        if (selector is null && namespaces.Count == 0)
        {
            errors.Add(new ValidationError("namespaces", "name the namespaces (a list) or give a label selector, e.g. 'berth-pull=true'"));
        }

        if (selector is not null && (selector.Length > 1000 || selector.Any(char.IsControl)))
        {
            errors.Add(new ValidationError("namespaceSelector", "a label selector is one line of at most 1000 characters, e.g. 'env in (prod,staging),team=a'"));
        }
        else if (selector is not null && Kubernetes.LabelSelectorSyntax.Error(selector) is { } selectorError)
        {
            errors.Add(new ValidationError("namespaceSelector", $"'{selector}' is not a label selector: {selectorError}; e.g. 'env in (prod,staging),team=a'"));
        }

        var secretName = input.SecretName?.Trim() ?? existing?.SecretName;
        errors.AddRange(PullSecretContent.NameErrors(selector is null ? namespaces : ["default"], secretName).Where(e => namespaces.Count > 0 || e.Field != "namespaces"));

        var carried = existing?.Connections ?? [];
        if (input.Connections is not null || existing is null)
        {
            var ids = new List<Guid>();
            foreach (var connectionName in (input.Connections ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (await connections.FindAsync(actor, connectionName, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    ids.Add(found.Id);
                }
                else
                {
                    errors.Add(new ValidationError("connections", $"no connection named '{connectionName.Trim()}'"));
                }
            }

            if (ids.Count == 0 && !errors.Any(e => e.Field == "connections"))
            {
                errors.Add(new ValidationError("connections", "name at least one connection whose credentials the Secret carries"));
            }

            carried = ids;
        }

        if (errors.Count > 0)
        {
            throw new PullSecretTargetValidationException(errors);
        }

        return new PullSecretTarget
        {
            Id = existing?.Id ?? Guid.Empty,
            OrganizationId = actor.OrganizationId,
            Name = name!,
            Server = server!,
            CaBundlePem = ca,
            Token = token,
            Namespaces = namespaces,
            NamespaceSelector = selector,
            SecretName = secretName!,
            Connections = carried,
            PatchDefaultServiceAccount = input.PatchDefaultServiceAccount ?? existing?.PatchDefaultServiceAccount ?? false,
            Created = existing?.Created ?? default,
        };
    }

    private static string? CaError(string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            return $"the CA bundle is not PEM certificates ({e.Message})";
        }
        finally
        {
            foreach (var c in certificates)
            {
                c.Dispose();
            }
        }

        return certificates.Count == 0 ? "the CA bundle holds no PEM certificate ('-----BEGIN CERTIFICATE-----')" : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
