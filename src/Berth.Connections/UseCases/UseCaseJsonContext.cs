using System.Text.Json.Serialization;
using Berth.Connections.Docker;
using Berth.Connections.Verification;

namespace Berth.Connections.UseCases;

/// <summary>
/// The JSON shapes of use-case results, written by the CLI (<c>--output json</c>) and the API alike: camelCase,
/// absent values left out, so the same result gives the same keys from every front end.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(ImageInspection))]
[JsonSerializable(typeof(ReferrerReport))]
[JsonSerializable(typeof(ExportedConnection))]
[JsonSerializable(typeof(VerifyReport))]
[JsonSerializable(typeof(ConnectionDependent))]
[JsonSerializable(typeof(IReadOnlyList<ConnectionDependent>))]
[JsonSerializable(typeof(Berth.Connections.PullSecrets.PullSecretApply))]
[JsonSerializable(typeof(Berth.Connections.PullSecrets.PullSecretTargetView))]
[JsonSerializable(typeof(IReadOnlyList<Berth.Connections.PullSecrets.PullSecretTargetView>))]
[JsonSerializable(typeof(CredentialAnswer))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
public sealed partial class UseCaseJsonContext : JsonSerializerContext;
