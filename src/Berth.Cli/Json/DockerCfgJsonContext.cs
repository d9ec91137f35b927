using System.Text.Json.Serialization;

namespace Berth.Cli.Json;

/// <summary><c>berth dockercfg keygen --output json</c>: where the key went and its public id, never the key.</summary>
internal sealed record DockerCfgKeygenResult(string KeyFile, string KeyId);

/// <summary><c>berth dockercfg encrypt|decrypt --output json</c> when OUT is a file.</summary>
internal sealed record DockerCfgTransformResult(string Input, string Output, string KeyId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DockerCfgKeygenResult))]
[JsonSerializable(typeof(DockerCfgTransformResult))]
[JsonSerializable(typeof(DockerCfgExportResult))]
[JsonSerializable(typeof(DockerCfgImportResult))]
[JsonSerializable(typeof(CredentialHelperInstallResult))]
internal sealed partial class DockerCfgJsonContext : JsonSerializerContext;
