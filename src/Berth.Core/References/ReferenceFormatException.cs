using Berth.Errors;

namespace Berth.References;

/// <summary>
/// A reference, or one of its parts (registry host, tag, digest), does not follow the grammar.
/// The message names the input and the rule it breaks, e.g.
/// <c>invalid reference 'Foo/bar': repository name must be lowercase: 'Foo/bar'</c>. A usage error: the input is wrong.
/// </summary>
public sealed class ReferenceFormatException : BerthException
{
    private const int MaxShownInput = 300;

    public ReferenceFormatException(string input, string reason)
        : this("reference", input, reason)
    {
    }

    /// <param name="kind">What was parsed: "reference", "digest", "tag" or "registry host".</param>
    /// <param name="input">The text that failed to parse.</param>
    /// <param name="reason">The rule it breaks.</param>
    public ReferenceFormatException(string kind, string input, string reason)
        : base($"invalid {kind} '{Display(input)}': {reason}")
    {
        Kind = kind;
        Input = Display(input);
        Reason = reason;
    }

    public override ErrorCategory Category => ErrorCategory.Usage;

    /// <summary>What was being parsed: "reference", "digest", "tag" or "registry host".</summary>
    public string Kind { get; }

    /// <summary>The input as shown in the message: URL user-info removed, very long inputs shortened.</summary>
    public string Input { get; }

    /// <summary>The rule the input breaks, without the input prefix.</summary>
    public string Reason { get; }

    /// <summary>
    /// People paste URLs such as <c>https://user:token@host/x</c>; the user-info must not end up in logs,
    /// so it is masked before the input is echoed.
    /// </summary>
    internal static string Display(string? input)
    {
        if (input is null)
        {
            return string.Empty;
        }

        var shown = input;
        var scheme = shown.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var authorityStart = scheme + 3;
            var slash = shown.IndexOf('/', authorityStart);
            var authorityEnd = slash < 0 ? shown.Length : slash;
            var at = shown.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
            if (at >= 0)
            {
                shown = string.Concat(shown.AsSpan(0, authorityStart), "***", shown.AsSpan(at));
            }
        }

        return shown.Length <= MaxShownInput ? shown : string.Concat(shown.AsSpan(0, MaxShownInput), "…");
    }
}
