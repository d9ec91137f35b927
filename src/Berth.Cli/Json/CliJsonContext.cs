using System.Text.Json.Serialization;
using Berth.Cli.Commands;

namespace Berth.Cli.Json;

/// <summary>
/// Every type the CLI prints with <c>--output json</c>. Source-generated so the AOT binary needs no reflection:
/// a command adds its output type with one more <c>[JsonSerializable(typeof(T))]</c> line here and writes it
/// with <see cref="CliJson.Write{T}"/>. Property names are camelCase; nulls are written, so every key is always present.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RefOutput))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
