using System.Text.RegularExpressions;
using Berth.Transfer.Sync;

namespace Berth.Connections.Sync;

/// <summary>
/// Which repositories of a source connection to mirror and where they land under the destination's namespace.
/// </summary>
/// <param name="Repositories">Repositories to mirror (relative to the source's namespace); null takes what the source lists.</param>
/// <param name="RepositoriesRegex">Narrows the listed (or given) repositories to those it matches.</param>
/// <param name="Prefix">Path under the destination's namespace the repositories go to.</param>
/// <param name="Filter">Which tags of each repository.</param>
public sealed record MirrorSelection(IReadOnlyList<string>? Repositories, Regex? RepositoriesRegex, string? Prefix, TagFilter Filter)
{
    public static MirrorSelection Everything(string? prefix, TagFilter filter) => new(null, null, prefix, filter);
}
