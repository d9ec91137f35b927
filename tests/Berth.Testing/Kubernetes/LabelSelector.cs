namespace Berth.Testing.Kubernetes;

/// <summary>
/// Label selectors as the Kubernetes "Labels and Selectors" page defines them: comma-separated requirements, all of
/// which must hold; equality-based (<c>k=v</c>, <c>k==v</c>, <c>k!=v</c>) and set-based (<c>k in (a,b)</c>,
/// <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>). <c>!=</c> and <c>notin</c> also match objects without the key.
/// </summary>
public static class LabelSelector
{
    public static bool Matches(string? selector, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        return Split(selector).All(requirement => Holds(requirement.Trim(), labels));
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> Split(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            depth += selector[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }

        yield return selector[start..];
    }

    private static bool Holds(string requirement, IReadOnlyDictionary<string, string> labels)
    {
        if (requirement.StartsWith('!'))
        {
            return !labels.ContainsKey(requirement[1..].Trim());
        }

        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = requirement.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = requirement[..at].Trim();
                var values = requirement[(at + op.Length)..].Trim().TrimStart('(').TrimEnd(')').Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                var inSet = labels.TryGetValue(key, out var value) && values.Contains(value);
                return negate ? !inSet : inSet;
            }
        }

        var ne = requirement.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0)
        {
            return !(labels.TryGetValue(requirement[..ne].Trim(), out var v) && v == requirement[(ne + 2)..].Trim());
        }

        var eq = requirement.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            var value = requirement[(eq + 1)..].TrimStart('=').Trim();
            return labels.TryGetValue(requirement[..eq].Trim(), out var v) && v == value;
        }

        return labels.ContainsKey(requirement);
    }
}
