using Berth.Server.Auth;
using Berth.Connections.Providers;

namespace Berth.Server.Dashboard.Pages;

/// <summary>
/// The Add Registry form for one type: values typed so far (never a secret's) and the errors per field.
/// </summary>
public sealed record NewRegistryView(
    Caller Caller,
    IReadOnlyList<IRegistryProvider> Types,
    IRegistryProvider Type,
    IReadOnlyDictionary<string, string?> Values,
    IReadOnlyDictionary<string, string[]> Errors,
    string? Summary)
{
    public string Value(string field) => Values.TryGetValue(field, out var v) ? v ?? "" : "";

    public string? Error(string field) => Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;
}
