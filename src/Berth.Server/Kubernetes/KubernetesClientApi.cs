using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Berth.Connections.Kubernetes;
using Berth.Transport;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Berth.Kubernetes;

/// <summary>
/// <see cref="IKubernetesApi"/> over the official client, for the server (the CLI's plain-HTTP twin is
/// <c>Berth.Cli.Kube.KubernetesHttpApi</c>; both follow <see cref="PullSecretWriter"/>). Every connection goes through
/// the address policy, like registry connections.
/// </summary>
internal sealed class KubernetesClientApi : IKubernetesApi
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly k8s.Kubernetes _client;
    private readonly string _server;

    private KubernetesClientApi(k8s.Kubernetes client, string server)
    {
        _client = client;
        _server = server;
    }

    /// <summary>A client for a saved target's cluster: bearer token, and the CA bundle when one is given.</summary>
    public static KubernetesClientApi Open(KubernetesCluster cluster, AddressPolicy addresses)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var config = new KubernetesClientConfiguration { Host = cluster.Server.ToString(), AccessToken = cluster.Token };
        if (cluster.CaBundlePem is { } pem)
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            config.SslCaCerts = certificates;
        }

        return Open(config, addresses);
    }

    private static KubernetesClientApi Open(KubernetesClientConfiguration config, AddressPolicy addresses)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(addresses);
        config.HttpClientTimeout = Timeout;
        config.FirstMessageHandlerSetup = handler =>
        {
            if (handler is SocketsHttpHandler sockets)
            {
                sockets.ConnectCallback = addresses.ConnectAsync;
                sockets.UseProxy = false;
            }
        };
        return new KubernetesClientApi(new k8s.Kubernetes(config), new Uri(config.Host).GetLeftPart(UriPartial.Authority));
    }

    public void Dispose() => _client.Dispose();

    public async Task<IReadOnlyList<string>> ListNamespacesAsync(string? labelSelector, CancellationToken cancellationToken)
    {
        var list = await CallAsync(
            "list namespaces" + (labelSelector is null ? "" : $" with label selector '{labelSelector}'"),
            () => _client.CoreV1.ListNamespaceAsync(labelSelector: labelSelector, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return list.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<KubernetesObjectState?> GetSecretAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var secret = await CallOrNullAsync($"read Secret '{ns}/{name}'", () => _client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return secret is null ? null : new KubernetesObjectState(secret.Type, secret.Metadata.ResourceVersion);
    }

    public Task CreateSecretAsync(string ns, KubernetesSecretDraft secret, CancellationToken cancellationToken) =>
        CallAsync($"create Secret '{ns}/{secret.Name}'", () => _client.CoreV1.CreateNamespacedSecretAsync(ToSecret(ns, secret, null), ns, cancellationToken: cancellationToken));

    public Task ReplaceSecretAsync(string ns, KubernetesSecretDraft secret, string resourceVersion, CancellationToken cancellationToken) =>
        CallAsync($"replace Secret '{ns}/{secret.Name}'", () => _client.CoreV1.ReplaceNamespacedSecretAsync(ToSecret(ns, secret, resourceVersion), secret.Name, ns, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var account = await CallOrNullAsync($"read ServiceAccount '{ns}/{name}'", () => _client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return account is null ? null : (account.ImagePullSecrets ?? []).Select(r => r.Name).ToList();
    }

    public Task AddServiceAccountPullSecretAsync(string ns, string name, string secretName, CancellationToken cancellationToken)
    {
        // imagePullSecrets has patchStrategy "merge" with patchMergeKey "name": a strategic merge patch naming one
        // entry adds it and keeps the others (the documented 'kubectl patch serviceaccount default -p ...').
        var patch = $"{{\"imagePullSecrets\":[{{\"name\":{JsonSerializer.Serialize(secretName, KubernetesWireJson.Default.String)}}}]}}";
        return CallAsync($"patch ServiceAccount '{ns}/{name}'",
            () => _client.CoreV1.PatchNamespacedServiceAccountAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: cancellationToken));
    }

    private static V1Secret ToSecret(string ns, KubernetesSecretDraft draft, string? resourceVersion) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = draft.Name,
            NamespaceProperty = ns,
            ResourceVersion = resourceVersion,
            Labels = draft.Labels.ToDictionary(StringComparer.Ordinal),
        },
        Type = draft.Type,
        Data = draft.Data.ToDictionary(StringComparer.Ordinal),
    };

    private async Task<T?> CallOrNullAsync<T>(string what, Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await CallAsync(what, call).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            var (reason, message) = ParseStatus(e.Response?.Content);
            throw KubernetesApiException.For((int)(e.Response?.StatusCode ?? 0), reason, message, $"{_server}: {what}", e);
        }
        catch (HttpRequestException e)
        {
            throw KubernetesApiException.For(0, null, e.Message, $"{_server}: {what}", e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw KubernetesApiException.For(0, null, $"no answer within {Timeout.TotalSeconds:0} s", $"{_server}: {what}", e);
        }
    }

    /// <summary>reason and message of a <c>Status</c> body (the API's error shape), bounded; nothing when it is not one.</summary>
    private static (string? Reason, string? Message) ParseStatus(string? content)
    {
        if (string.IsNullOrEmpty(content) || content.Length > 64 * 1024)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            return (Text(root, "reason"), Text(root, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }

        static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
