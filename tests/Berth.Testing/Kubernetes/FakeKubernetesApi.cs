using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Kubernetes;

/// <summary>
/// A Kubernetes API server for the parts a pull-secret writer uses, written from the API reference and the "API
/// Concepts" page (no real API server is installable here): core/v1 namespaces (list, with <c>labelSelector</c>),
/// secrets (get, create, replace — <c>metadata.resourceVersion</c> checked on replace, 409 <c>Conflict</c> when
/// stale, 409 <c>AlreadyExists</c> on a second create, 422 when the immutable <c>type</c> changes) and
/// serviceaccounts (get, replace, patch — strategic merge patch merges <c>imagePullSecrets</c> by <c>name</c>,
/// JSON merge patch replaces the list). Every error is a <c>Status</c> object. Requests need
/// <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise); <see cref="Forbid"/> makes a verb on a resource in a
/// namespace answer 403 as RBAC does. It listens on HTTPS on 127.0.0.1 with a certificate from the given CA, and
/// records every request and every object written.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, string>> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Name), JsonObject> _secrets = [];
    private readonly Dictionary<(string Ns, string Name), JsonObject> _serviceAccounts = [];
    private readonly HashSet<(string Verb, string Resource, string Ns)> _forbidden = [];
    private readonly List<KubeRequest> _requests = [];
    private long _resourceVersion = 1000;

    private FakeKubernetesApi(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    /// <summary>The service-account bearer token the fake accepts.</summary>
    public string Token { get; }

    /// <summary><c>https://127.0.0.1:PORT/</c></summary>
    public Uri Server { get; private set; } = null!;

    public IReadOnlyList<KubeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    public static async Task<FakeKubernetesApi> StartAsync(X509Certificate2 certificate, string token)
    {
        FakeKubernetesApi? fake = null;
        var app = LoopbackWebServer.CreateBuilder(certificate).Build();
        app.Run(context => fake!.HandleAsync(context));
        fake = new FakeKubernetesApi(app, token);
        fake.Server = await LoopbackWebServer.StartAsync(app, CancellationToken.None);
        return fake;
    }

    /// <summary>Adds a namespace with labels; like the cluster, it gets a <c>default</c> ServiceAccount unless told otherwise.</summary>
    public void AddNamespace(string name, IReadOnlyDictionary<string, string>? labels = null, bool withDefaultServiceAccount = true, params string[] existingPullSecrets)
    {
        lock (_gate)
        {
            var all = new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = name };
            _namespaces[name] = all;
            if (withDefaultServiceAccount)
            {
                var account = new JsonObject
                {
                    ["kind"] = "ServiceAccount",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = name, ["resourceVersion"] = NextVersion() },
                };
                if (existingPullSecrets.Length > 0)
                {
                    account["imagePullSecrets"] = new JsonArray(existingPullSecrets.Select(s => (JsonNode)new JsonObject { ["name"] = s }).ToArray());
                }

                _serviceAccounts[(name, "default")] = account;
            }
        }
    }

    /// <summary>Makes <paramref name="verb"/> (get, list, create, update, patch) on <paramref name="resource"/> in <paramref name="ns"/> answer 403.</summary>
    public void Forbid(string verb, string resource, string ns)
    {
        lock (_gate)
        {
            _forbidden.Add((verb, resource, ns));
        }
    }

    /// <summary>Writes a Secret as someone else would (another type, or to make Berth's copy stale).</summary>
    public void PutSecretDirectly(string ns, string name, string type, IReadOnlyDictionary<string, string> data)
    {
        lock (_gate)
        {
            _secrets[(ns, name)] = new JsonObject
            {
                ["kind"] = "Secret",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = NextVersion() },
                ["type"] = type,
                ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(kv.Value))))),
            };
        }
    }

    /// <summary>The stored Secret (a copy), or null.</summary>
    public JsonObject? Secret(string ns, string name)
    {
        lock (_gate)
        {
            return _secrets.TryGetValue((ns, name), out var s) ? (JsonObject)s.DeepClone() : null;
        }
    }

    /// <summary>The names in a ServiceAccount's imagePullSecrets, in order; null when there is no such account.</summary>
    public IReadOnlyList<string>? PullSecretsOf(string ns, string account = "default")
    {
        lock (_gate)
        {
            return _serviceAccounts.TryGetValue((ns, account), out var sa)
                ? (sa["imagePullSecrets"] as JsonArray ?? []).Select(e => e!["name"]!.GetValue<string>()).ToList()
                : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var (status, reply) = Answer(request.Method, request.Path.Value ?? "/", request.Query, request.ContentType, request.Headers.Authorization.ToString(), body);
        lock (_gate)
        {
            _requests.Add(new KubeRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", request.ContentType, body, status));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.ToJsonString());
    }

    private (int, JsonNode) Answer(string method, string path, IQueryCollection query, string? contentType, string authorization, string body)
    {
        if (authorization != "Bearer " + Token)
        {
            return Failure(401, "Unauthorized", "Unauthorized");
        }

        var parts = path.Trim('/').Split('/');
        lock (_gate)
        {
            // /api/v1/namespaces
            if (parts is ["api", "v1", "namespaces"] && method == "GET")
            {
                if (_forbidden.Contains(("list", "namespaces", "")))
                {
                    return Forbidden("list", "namespaces", null);
                }

                var selector = query["labelSelector"].ToString();
                var items = _namespaces.Where(n => LabelSelector.Matches(selector, n.Value)).OrderBy(n => n.Key, StringComparer.Ordinal)
                    .Select(n => (JsonNode)new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["name"] = n.Key, ["labels"] = new JsonObject(n.Value.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))) },
                        ["status"] = new JsonObject { ["phase"] = "Active" },
                    }).ToArray();
                return (200, new JsonObject { ["kind"] = "NamespaceList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture) }, ["items"] = new JsonArray(items) });
            }

            // /api/v1/namespaces/{ns}/{resource}[/{name}]
            if (parts.Length is 5 or 6 && parts[0] == "api" && parts[1] == "v1" && parts[2] == "namespaces" && parts[4] is "secrets" or "serviceaccounts")
            {
                var ns = parts[3];
                var resource = parts[4];
                var name = parts.Length == 6 ? parts[5] : null;
                var verb = (method, name) switch
                {
                    ("GET", null) => "list",
                    ("GET", _) => "get",
                    ("POST", null) => "create",
                    ("PUT", not null) => "update",
                    ("PATCH", not null) => "patch",
                    _ => null,
                };
                if (verb is null)
                {
                    return Failure(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource");
                }

                if (_forbidden.Contains((verb, resource, ns)))
                {
                    return Forbidden(verb, resource, ns);
                }

                if (!_namespaces.ContainsKey(ns) && verb != "get")
                {
                    return Failure(404, "NotFound", $"namespaces \"{ns}\" not found", "namespaces", ns);
                }

                var store = resource == "secrets" ? _secrets : _serviceAccounts;
                var kind = resource == "secrets" ? "Secret" : "ServiceAccount";
                return verb switch
                {
                    "get" => store.TryGetValue((ns, name!), out var found) ? (200, found.DeepClone()) : Failure(404, "NotFound", $"{resource} \"{name}\" not found", resource, name),
                    "create" => Create(store, kind, resource, ns, body),
                    "update" => Replace(store, kind, resource, ns, name!, body),
                    "patch" => Patch(store, resource, ns, name!, contentType, body),
                    _ => Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
                };
            }

            return Failure(404, "NotFound", "the server could not find the requested resource");
        }
    }

    private (int, JsonNode) Create(Dictionary<(string, string), JsonObject> store, string kind, string resource, string ns, string body)
    {
        if (Parse(body, kind) is not { } obj || obj["metadata"]?["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return Failure(400, "BadRequest", $"the body is not a {kind} with metadata.name");
        }

        if (store.ContainsKey((ns, name)))
        {
            return Failure(409, "AlreadyExists", $"{resource} \"{name}\" already exists", resource, name);
        }

        if (Invalid(obj, kind, name) is { } invalid)
        {
            return invalid;
        }

        Stamp(obj, ns);
        store[(ns, name)] = obj;
        return (201, obj.DeepClone());
    }

    private (int, JsonNode) Replace(Dictionary<(string, string), JsonObject> store, string kind, string resource, string ns, string name, string body)
    {
        if (Parse(body, kind) is not { } obj || obj["metadata"]?["name"]?.GetValue<string>() != name)
        {
            return Failure(400, "BadRequest", $"the body is not a {kind} named \"{name}\" (metadata.name must match the URL)");
        }

        if (!store.TryGetValue((ns, name), out var current))
        {
            return Failure(404, "NotFound", $"{resource} \"{name}\" not found", resource, name);
        }

        var sent = obj["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(sent) && sent != current["metadata"]!["resourceVersion"]!.GetValue<string>())
        {
            return Failure(409, "Conflict",
                $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", resource, name);
        }

        if (kind == "Secret" && (obj["type"]?.GetValue<string>() ?? "Opaque") != (current["type"]?.GetValue<string>() ?? "Opaque"))
        {
            return Failure(422, "Invalid", $"Secret \"{name}\" is invalid: type: Invalid value: \"{obj["type"]}\": field is immutable", resource, name);
        }

        if (Invalid(obj, kind, name) is { } invalid)
        {
            return invalid;
        }

        Stamp(obj, ns);
        store[(ns, name)] = obj;
        return (200, obj.DeepClone());
    }

    private (int, JsonNode) Patch(Dictionary<(string, string), JsonObject> store, string resource, string ns, string name, string? contentType, string body)
    {
        if (!store.TryGetValue((ns, name), out var current))
        {
            return Failure(404, "NotFound", $"{resource} \"{name}\" not found", resource, name);
        }

        var type = contentType?.Split(';')[0].Trim();
        if (type is not ("application/strategic-merge-patch+json" or "application/merge-patch+json"))
        {
            return Failure(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
        }

        JsonObject patch;
        try
        {
            patch = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return Failure(400, "BadRequest", "error decoding patch: " + e.Message);
        }

        var updated = (JsonObject)current.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (key == "imagePullSecrets" && type == "application/strategic-merge-patch+json" && value is JsonArray additions)
            {
                // patchStrategy "merge", patchMergeKey "name": entries merge by name, the rest stay.
                var list = updated["imagePullSecrets"] as JsonArray ?? [];
                foreach (var entry in additions)
                {
                    var entryName = entry?["name"]?.GetValue<string>();
                    if (!list.Any(e => e?["name"]?.GetValue<string>() == entryName))
                    {
                        list.Add(entry!.DeepClone());
                    }
                }

                updated["imagePullSecrets"] = list.Parent is null ? list : list.DeepClone();
            }
            else if (key == "metadata")
            {
                var sent = value?["resourceVersion"]?.GetValue<string>();
                if (sent is not null && sent != current["metadata"]!["resourceVersion"]!.GetValue<string>())
                {
                    return Failure(409, "Conflict",
                        $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", resource, name);
                }
            }
            else
            {
                updated[key] = value?.DeepClone();
            }
        }

        Stamp(updated, ns);
        store[(ns, name)] = updated;
        return (200, updated.DeepClone());
    }

    private static JsonObject? Parse(string body, string kind)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject obj && (obj["kind"]?.GetValue<string>() ?? kind) == kind ? obj : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Secret data values must be base64 (the API decodes them into bytes).</summary>
    private static (int, JsonNode)? Invalid(JsonObject obj, string kind, string name)
    {
        if (kind != "Secret" || obj["data"] is not JsonObject data)
        {
            return null;
        }

        foreach (var (key, value) in data)
        {
            try
            {
                Convert.FromBase64String(value?.GetValue<string>() ?? "");
            }
            catch (FormatException)
            {
                return Failure(400, "BadRequest", $"Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at data[{key}]", "secrets", name);
            }
        }

        return null;
    }

    private void Stamp(JsonObject obj, string ns)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = metadata;
        metadata["namespace"] = ns;
        metadata["resourceVersion"] = NextVersion();
        metadata["creationTimestamp"] ??= "2026-01-01T00:00:00Z";
    }

    private string NextVersion() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private static (int, JsonNode) Forbidden(string verb, string resource, string? ns) =>
        Failure(403, "Forbidden",
            $"{resource} is forbidden: User \"system:serviceaccount:berth:writer\" cannot {verb} resource \"{resource}\" in API group \"\"{(ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"")}", resource, null);

    private static (int, JsonNode) Failure(int code, string reason, string message, string? kind = null, string? name = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (kind is not null)
        {
            status["details"] = new JsonObject { ["name"] = name, ["kind"] = kind };
        }

        return (code, status);
    }
}
