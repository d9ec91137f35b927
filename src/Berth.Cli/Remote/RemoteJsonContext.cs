using System.Text.Json.Serialization;

namespace Berth.Cli.Remote;

/// <summary>The saved login and the server's problem answers (source generated, for Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SavedLogin))]
[JsonSerializable(typeof(ServerProblem))]
[JsonSerializable(typeof(LoginResult))]
[JsonSerializable(typeof(LogoutResult))]
internal sealed partial class RemoteJsonContext : JsonSerializerContext;

/// <summary>The fields of an RFC 9457 problem the CLI shows.</summary>
internal sealed record ServerProblem(string? Title, string? Detail, int? Status);

/// <summary><c>berth login --output json</c>: never the token.</summary>
internal sealed record LoginResult(string Server, string File, IReadOnlyList<string> Registries, bool EnvironmentOverrides);

/// <summary><c>berth logout --output json</c>.</summary>
internal sealed record LogoutResult(string File, bool Removed, bool EnvironmentOverrides);
