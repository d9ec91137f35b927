using Berth.Connections.Providers;
using Berth.DockerConfig;

namespace Berth.Connections.Docker;

/// <summary>
/// Turns a docker <c>config.json</c>/<c>.dockercfg</c> into connection drafts: collects every credential (from
/// <c>auths</c>, from <c>credHelpers</c> per host and from <c>credsStore</c> by <c>list</c> then <c>get</c>), and maps
/// each to the fields of a connection type. Credentials Berth could not keep working are refused or imported as
/// <c>generic</c> with a note: identity tokens (OAuth refresh tokens from an interactive login) cannot be renewed,
/// and an ECR password or a Google access token found in a config expires within hours (Berth renews those
/// only from the long-lived keys that <c>berth connect ecr|gcr|gar</c> takes).
/// </summary>
public static class DockerConfigImport
{
    private const string AuthsOrigin = "auths";

    /// <summary>
    /// Every credential the file gives, in the order docker would consult them: a host listed under
    /// <c>credHelpers</c> comes from its helper (its <c>auths</c> entry is ignored, as docker ignores it);
    /// other <c>auths</c> entries with credentials come as written; the <c>credsStore</c> helper supplies the rest.
    /// A failing helper is recorded on its entries and does not stop the others.
    /// </summary>
    /// <param name="file">The parsed docker config.</param>
    /// <param name="helperFactory">Builds the client for a helper suffix (tests point it at a script); null runs helpers from PATH.</param>
    /// <param name="cancellationToken">Stops waiting for helpers.</param>
    public static async Task<IReadOnlyList<DockerConfigCredential>> CollectAsync(
        DockerConfigFile file, Func<string, CredentialHelperClient>? helperFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        helperFactory ??= name => new CredentialHelperClient(name);
        var found = new List<DockerConfigCredential>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (host, helper) in file.CredHelpers)
        {
            if (!seen.Add(DockerServerKey.Normalize(host)))
            {
                continue;
            }

            found.Add(await FromHelperAsync(helperFactory, helper, host, $"credHelpers ({CredentialHelperClient.ProgramPrefix}{helper})", cancellationToken).ConfigureAwait(false));
        }

        var emptyAuths = new List<string>();
        foreach (var (key, entry) in file.Auths)
        {
            var host = DockerServerKey.Normalize(key);
            if (file.CredHelpers.Keys.Any(h => DockerServerKey.Normalize(h) == host))
            {
                continue;
            }

            if (!entry.HasCredentials)
            {
                // Docker Desktop leaves "{}" here and keeps the secret in credsStore.
                emptyAuths.Add(key);
                continue;
            }

            if (seen.Add(NamespacedKey(key)))
            {
                found.Add(new DockerConfigCredential(key, AuthsOrigin, entry));
            }
        }

        if (!string.IsNullOrEmpty(file.CredsStore))
        {
            var origin = $"credsStore ({CredentialHelperClient.ProgramPrefix}{file.CredsStore})";
            IReadOnlyDictionary<string, string> listed;
            try
            {
                listed = await helperFactory(file.CredsStore).ListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialHelperException ex)
            {
                found.Add(new DockerConfigCredential(file.CredsStore, origin, null, ex.Message));
                return found;
            }

            foreach (var url in listed.Keys.Concat(emptyAuths))
            {
                if (seen.Add(DockerServerKey.Normalize(url)))
                {
                    found.Add(await FromHelperAsync(helperFactory, file.CredsStore, url, origin, cancellationToken).ConfigureAwait(false));
                }
            }
        }
        else
        {
            found.AddRange(emptyAuths.Where(k => seen.Add(NamespacedKey(k)))
                .Select(k => new DockerConfigCredential(k, AuthsOrigin, new DockerAuthEntry())));
        }

        return found;
    }

    /// <summary>
    /// The connection an entry becomes as <paramref name="type"/>, or why it cannot be imported. The draft is not
    /// validated here; the caller runs the provider's validation and reports its field errors.
    /// </summary>
    public static ImportPlan Plan(string serverKey, DockerAuthEntry entry, string type, string namePrefix = "")
    {
        ArgumentNullException.ThrowIfNull(serverKey);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(type);
        if (!RegistryUrl.TryParse(serverKey, out var url, out var urlError))
        {
            return Skip(serverKey, namePrefix + serverKey, $"the key is not a registry address: {urlError}");
        }

        var name = namePrefix + url.Host.Name + (url.HasPath ? "/" + url.Path : "");
        var skip = CredentialProblem(entry, type);
        if (skip is not null)
        {
            return Skip(serverKey, name, skip);
        }

        var connectionUrl = (url.Scheme == "http" ? "http://" : "") + url.Host.Name + (url.HasPath ? "/" + url.Path : "");
        var username = entry.Username ?? "";
        var password = entry.Password ?? "";
        var notes = new List<string>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);

        switch (type)
        {
            case "ecr":
                type = "generic";
                notes.Add("imported as 'generic': an ECR password in a docker config expires within 12 hours; for credentials Berth renews, connect it with 'berth connect ecr --access-key-id … --secret-access-key-stdin'");
                break;
            case "gcr" or "gar" when username is GoogleProvider.JsonKeyUsername or GoogleProvider.JsonKeyBase64Username:
                secrets[ProviderFieldNames.KeyJson] = password;
                if (username == GoogleProvider.JsonKeyBase64Username)
                {
                    fields[ProviderFieldNames.KeyEncoding] = GoogleProvider.EncodingBase64;
                }

                return Build(serverKey, name, type, connectionUrl, fields, secrets, notes);
            case "gcr" or "gar":
                notes.Add(username == GoogleAccessTokenClient.AccessTokenUsername
                    ? "imported as 'generic': a Google access token in a docker config expires within an hour; for credentials Berth renews, connect it with 'berth connect " + type + " --key-file KEY.json'"
                    : $"imported as 'generic': username '{username}' is neither {GoogleProvider.JsonKeyUsername} nor {GoogleProvider.JsonKeyBase64Username}");
                type = "generic";
                break;
            case "ibm" when username == IbmProvider.ApiKeyUsername:
                secrets[ProviderFieldNames.ApiKey] = password;
                return Build(serverKey, name, type, connectionUrl, fields, secrets, notes);
            case "ibm":
                notes.Add($"imported as 'generic': username '{username}' is not '{IbmProvider.ApiKeyUsername}', so the password is not an IAM API key (it may be a token that expires)");
                type = "generic";
                break;
            case "docr":
                secrets[ProviderFieldNames.Token] = password;
                return Build(serverKey, name, type, connectionUrl, fields, secrets, notes);
            case "acr" when username == AcrProvider.RefreshTokenUsername:
                notes.Add("imported as 'generic': the password is an ACR token from 'az acr login', which expires within hours; for credentials Berth renews, connect it as 'acr' with a service principal");
                type = "generic";
                break;
            case "quay" or "ghcr" or "dockerhub" or "jfrog" or "acr" or "generic":
                break;
            default:
                return Skip(serverKey, name, $"unknown registry type '{type}'; known types: {string.Join(", ", ProviderCatalog.KnownTypes)}");
        }

        fields[ProviderFieldNames.Username] = username;
        secrets[ProviderFieldNames.Password] = password;
        return Build(serverKey, name, type, connectionUrl, fields, secrets, notes);
    }

    private static string? CredentialProblem(DockerAuthEntry entry, string type)
    {
        if (!string.IsNullOrEmpty(entry.IdentityToken))
        {
            return $"it holds an identity token (an OAuth refresh token from an interactive 'docker login'), which Berth cannot renew; connect the registry with 'berth connect {type}' instead";
        }

        if (!string.IsNullOrEmpty(entry.RegistryToken))
        {
            return $"it holds a registry bearer token, which expires and cannot be renewed; connect the registry with 'berth connect {type}' instead";
        }

        if (string.IsNullOrEmpty(entry.Username) && string.IsNullOrEmpty(entry.Password))
        {
            return "it holds no credentials";
        }

        if (string.IsNullOrEmpty(entry.Password))
        {
            return "it has a username but no password";
        }

        return string.IsNullOrEmpty(entry.Username) ? "it has a password but no username" : null;
    }

    private static ImportPlan Build(string serverKey, string name, string type, string url,
        Dictionary<string, string> fields, Dictionary<string, string> secrets, List<string> notes) => new()
        {
            ServerKey = serverKey,
            Name = name,
            Draft = new ConnectionDraft { Type = type, Url = url, Fields = fields, Secrets = SecretBag.From(secrets) },
            Notes = notes,
        };

    private static ImportPlan Skip(string serverKey, string name, string reason) =>
        new() { ServerKey = serverKey, Name = name, SkipReason = reason };

    private static async Task<DockerConfigCredential> FromHelperAsync(
        Func<string, CredentialHelperClient> factory, string helper, string serverUrl, string origin, CancellationToken cancellationToken)
    {
        try
        {
            var credential = await factory(helper).GetAsync(serverUrl, cancellationToken).ConfigureAwait(false);
            return credential is null
                ? new DockerConfigCredential(serverUrl, origin, null, $"{CredentialHelperClient.ProgramPrefix}{helper} has no credentials for {serverUrl}")
                : new DockerConfigCredential(serverUrl, origin, credential.ToAuthEntry());
        }
        catch (CredentialHelperException ex)
        {
            return new DockerConfigCredential(serverUrl, origin, null, ex.Message);
        }
    }

    /// <summary>Host plus namespace path, so <c>host/team</c> and <c>host</c> stay two entries while Hub spellings meet.</summary>
    private static string NamespacedKey(string key) =>
        RegistryUrl.TryParse(key, out var url, out _) ? url.Host.Name + (url.HasPath ? "/" + url.Path : "") : key;
}
