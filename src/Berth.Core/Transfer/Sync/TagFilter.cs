using System.Text.RegularExpressions;

namespace Berth.Transfer.Sync;

/// <summary>
/// Which tags of a repository a sync mirrors: all of them, or those matching every regex and every
/// version range given.
/// </summary>
public sealed class TagFilter
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly IReadOnlyList<Regex> _regexes;
    private readonly IReadOnlyList<SemanticVersionRange> _ranges;

    /// <param name="regex">A .NET regular expression searched in each tag (anchor it with ^…$ to match whole tags, as skopeo's are).</param>
    /// <param name="versions">Tags read as semantic versions must fall in this range; other tags never match.</param>
    public TagFilter(string? regex = null, SemanticVersionRange? versions = null)
        : this(string.IsNullOrEmpty(regex) ? [] : [Compile(regex)], versions is null ? [] : [versions])
    {
    }

    private TagFilter(IReadOnlyList<Regex> regexes, IReadOnlyList<SemanticVersionRange> ranges)
    {
        _regexes = regexes;
        _ranges = ranges;
    }

    public static TagFilter All { get; } = new();

    public bool IsAll => _regexes.Count == 0 && _ranges.Count == 0;

    public bool IsMatch(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return _regexes.All(r => r.IsMatch(tag)) && _ranges.All(r => r.IsMatch(tag));
    }

    /// <summary>Both filters at once (command-line flags narrow a config file's per-repository filter).</summary>
    public TagFilter And(TagFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TagFilter([.. _regexes, .. other._regexes], [.. _ranges, .. other._ranges]);
    }

    private static Regex Compile(string regex)
    {
        try
        {
            return new Regex(regex, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"tag regex '{regex}' is not a valid regular expression: {ex.Message}", ex);
        }
    }

    public override string ToString() =>
        IsAll ? "all tags" : string.Join(" and ", _regexes.Select(r => $"regex {r}").Concat(_ranges.Select(r => $"semver {r}")));
}
