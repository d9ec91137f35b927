using Berth.References;

namespace Berth.Cli.Commands;

/// <summary>The JSON shape of <c>berth ref</c>; property order is the output order.</summary>
internal sealed record RefOutput(
    string Input,
    string Registry,
    string ApiHost,
    string Repository,
    string? Tag,
    string? Digest,
    string Name,
    string Canonical,
    string Familiar)
{
    public static RefOutput From(string input, ImageReference reference) => new(
        input,
        reference.Registry.Name,
        reference.Registry.ApiHost,
        reference.Repository,
        reference.Tag?.Value,
        reference.Digest?.Value,
        reference.Name,
        reference.Canonical,
        reference.Familiar);
}
