using System.Text.Json.Serialization;

namespace Berth.Cli.Kubelet;

/// <summary>
/// The kubelet's wire types (credentialprovider.kubelet.k8s.io/v1, kubelet.config.k8s.io/v1), source generated for
/// Native AOT. Field names as the Kubernetes reference documents them (camelCase); absent values left out.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(CredentialProviderRequest))]
[JsonSerializable(typeof(CredentialProviderResponse))]
[JsonSerializable(typeof(CredentialProviderConfig))]
internal sealed partial class KubeletJsonContext : JsonSerializerContext;
