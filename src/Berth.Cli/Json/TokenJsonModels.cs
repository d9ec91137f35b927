using System.Text.Json.Serialization;

namespace Berth.Cli.Json;

internal sealed record TokenOutput(
    string Id,
    string Organization,
    string Role,
    IReadOnlyList<string> Connections,
    string? Description,
    DateTimeOffset Created,
    DateTimeOffset? LastUsed,
    DateTimeOffset? Revoked);

/// <summary>The one time a token's text is printed: right after <c>berth tokens create</c>.</summary>
internal sealed record CreatedTokenOutput(string Id, string Organization, string Role, IReadOnlyList<string> Connections, string Token);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TokenOutput))]
[JsonSerializable(typeof(List<TokenOutput>))]
[JsonSerializable(typeof(CreatedTokenOutput))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
