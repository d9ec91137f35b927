using System.Text.Json.Serialization;

namespace Berth.Cli.Kube;

/// <summary>The few core/v1 shapes the CLI reads and writes (ObjectMeta, Secret, ServiceAccount, NamespaceList, Status).</summary>
internal sealed record KubeMeta
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? ResourceVersion { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

internal sealed record KubeSecret
{
    public string ApiVersion { get; init; } = "v1";

    public string Kind { get; init; } = "Secret";

    public KubeMeta? Metadata { get; init; }

    public string? Type { get; init; }

    /// <summary>Secret data; System.Text.Json writes byte arrays as base64, as the API expects.</summary>
    public Dictionary<string, byte[]>? Data { get; init; }
}

internal sealed record KubeReference(string? Name);

internal sealed record KubeServiceAccount
{
    public KubeMeta? Metadata { get; init; }

    public List<KubeReference>? ImagePullSecrets { get; init; }
}

internal sealed record KubeNamespace
{
    public KubeMeta? Metadata { get; init; }
}

internal sealed record KubeNamespaceList
{
    public List<KubeNamespace>? Items { get; init; }
}

internal sealed record KubeStatus
{
    public string? Reason { get; init; }

    public string? Message { get; init; }
}

internal sealed record KubeServiceAccountPatch(List<KubeReference> ImagePullSecrets);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KubeSecret))]
[JsonSerializable(typeof(KubeServiceAccount))]
[JsonSerializable(typeof(KubeNamespaceList))]
[JsonSerializable(typeof(KubeStatus))]
[JsonSerializable(typeof(KubeServiceAccountPatch))]
internal sealed partial class KubeWireJsonContext : JsonSerializerContext;
