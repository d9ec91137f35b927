using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Connections.Kubernetes;
using Berth.Transport;

namespace Berth.Cli.Kube;

/// <summary>
/// <see cref="IKubernetesApi"/> over plain HTTP for the Native AOT CLI. KubernetesClient.Aot passes the AOT publish,
/// but it doubles the binary (every API type and its JSON metadata) and makes every start of the CLI, the
/// credential helper included, several times slower; these five core/v1 calls do not need it. The server uses
/// the official client; both share the rules in <see cref="PullSecretWriter"/>. Replies are bounded; every
/// connection goes through the address policy.
/// </summary>
internal sealed class KubernetesHttpApi : IKubernetesApi
{
    private const long MaxReply = 16 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly string _server;

    private KubernetesHttpApi(HttpClient http, string server)
    {
        _http = http;
        _server = server;
    }

    public static KubernetesHttpApi Open(KubeConfigContext context, AddressPolicy addresses)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(addresses);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = addresses.ConnectAsync,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        if (context.InsecureSkipTlsVerify)
        {
#pragma warning disable CA5359 // The kubeconfig asks for it (insecure-skip-tls-verify: true), as kubectl honours it.
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (context.CaPem is { } pem)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(pem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None || Berth.Transport.CustomRoots.Trust(roots, certificate, errors);
        }

        if (context.ClientCertificatePem is { } certificatePem && context.ClientKeyPem is { } keyPem)
        {
            using var pemCertificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            // Exported and re-imported so TLS can use the key on every platform.
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pemCertificate.Export(X509ContentType.Pkcs12), null)];
        }

        var http = new HttpClient(handler) { BaseAddress = new Uri(context.Server.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxReply };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.ParseAdd("berth");
        if (context.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new KubernetesHttpApi(http, context.Server.GetLeftPart(UriPartial.Authority));
    }

    public void Dispose() => _http.Dispose();

    public async Task<IReadOnlyList<string>> ListNamespacesAsync(string? labelSelector, CancellationToken cancellationToken)
    {
        var query = labelSelector is null ? "" : "?labelSelector=" + Uri.EscapeDataString(labelSelector);
        var list = await SendAsync(HttpMethod.Get, "api/v1/namespaces" + query, null, KubeWireJsonContext.Default.KubeNamespaceList,
            "list namespaces" + (labelSelector is null ? "" : $" with label selector '{labelSelector}'"), cancellationToken).ConfigureAwait(false);
        return (list?.Items ?? []).Select(n => n.Metadata?.Name).OfType<string>().Order(StringComparer.Ordinal).ToList();
    }

    public async Task<KubernetesObjectState?> GetSecretAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var secret = await SendAsync(HttpMethod.Get, SecretPath(ns, name), null, KubeWireJsonContext.Default.KubeSecret, $"read Secret '{ns}/{name}'", cancellationToken, notFoundIsNull: true).ConfigureAwait(false);
        return secret is null ? null : new KubernetesObjectState(secret.Type, secret.Metadata?.ResourceVersion ?? "");
    }

    public Task CreateSecretAsync(string ns, KubernetesSecretDraft secret, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/secrets", Body(ToSecret(ns, secret, null), KubeWireJsonContext.Default.KubeSecret, "application/json"),
            KubeWireJsonContext.Default.KubeSecret, $"create Secret '{ns}/{secret.Name}'", cancellationToken);

    public Task ReplaceSecretAsync(string ns, KubernetesSecretDraft secret, string resourceVersion, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, SecretPath(ns, secret.Name), Body(ToSecret(ns, secret, resourceVersion), KubeWireJsonContext.Default.KubeSecret, "application/json"),
            KubeWireJsonContext.Default.KubeSecret, $"replace Secret '{ns}/{secret.Name}'", cancellationToken);

    public async Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var account = await SendAsync(HttpMethod.Get, AccountPath(ns, name), null, KubeWireJsonContext.Default.KubeServiceAccount, $"read ServiceAccount '{ns}/{name}'", cancellationToken, notFoundIsNull: true).ConfigureAwait(false);
        return account is null ? null : (account.ImagePullSecrets ?? []).Select(r => r.Name).OfType<string>().ToList();
    }

    // imagePullSecrets merges by name under a strategic merge patch: naming one entry adds it and keeps the rest.
    public Task AddServiceAccountPullSecretAsync(string ns, string name, string secretName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, AccountPath(ns, name), Body(new KubeServiceAccountPatch([new KubeReference(secretName)]), KubeWireJsonContext.Default.KubeServiceAccountPatch, "application/strategic-merge-patch+json"),
            KubeWireJsonContext.Default.KubeServiceAccount, $"patch ServiceAccount '{ns}/{name}'", cancellationToken);

    private static string SecretPath(string ns, string name) => $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/secrets/{Uri.EscapeDataString(name)}";

    private static string AccountPath(string ns, string name) => $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/serviceaccounts/{Uri.EscapeDataString(name)}";

    private static KubeSecret ToSecret(string ns, KubernetesSecretDraft draft, string? resourceVersion) => new()
    {
        Metadata = new KubeMeta { Name = draft.Name, Namespace = ns, ResourceVersion = resourceVersion, Labels = draft.Labels.ToDictionary(StringComparer.Ordinal) },
        Type = draft.Type,
        Data = draft.Data.ToDictionary(StringComparer.Ordinal),
    };

    private static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> type, string mediaType)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> type, string what, CancellationToken cancellationToken, bool notFoundIsNull = false)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw KubernetesApiException.For(0, null, e.Message, $"{_server}: {what}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw KubernetesApiException.For(0, null, $"no answer within {_http.Timeout.TotalSeconds:0} s", $"{_server}: {what}", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var status = TryParse(text, KubeWireJsonContext.Default.KubeStatus);
                throw KubernetesApiException.For((int)response.StatusCode, status?.Reason, status?.Message, $"{_server}: {what}");
            }

            return TryParse(text, type) ?? throw KubernetesApiException.For((int)response.StatusCode, null, "the reply is not the JSON object the API documents", $"{_server}: {what}");
        }
    }

    private static T? TryParse<T>(string text, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return string.IsNullOrEmpty(text) ? null : JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
