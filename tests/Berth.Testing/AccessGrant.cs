using System.Text.RegularExpressions;

namespace Berth.Testing;

/// <summary>
/// One ACL entry of a <see cref="TokenIssuer"/>: the resources (<see cref="Type"/> plus a <see cref="Pattern"/>
/// glob over the resource name, where <c>*</c> matches any run of characters including <c>/</c>) and the actions
/// granted on them. The action <c>*</c> grants every action, including a requested <c>*</c>.
/// </summary>
public sealed record AccessGrant
{
    /// <summary>Grants <paramref name="actions"/> on repositories whose name matches <paramref name="pattern"/> (e.g. <c>team/*</c>, <c>*</c>).</summary>
    public AccessGrant(string pattern, params string[] actions)
        : this("repository", pattern, actions)
    {
    }

    public AccessGrant(string type, string pattern, IEnumerable<string> actions)
    {
        Type = type;
        Pattern = pattern;
        Actions = [.. actions];
    }

    /// <summary><c>registry:catalog:*</c>, what Distribution requires for <c>GET /v2/_catalog</c>.</summary>
    public static AccessGrant Catalog { get; } = new("registry", "catalog", ["*"]);

    public string Type { get; }

    public string Pattern { get; }

    public IReadOnlyList<string> Actions { get; }

    internal bool Matches(string type, string name) =>
        string.Equals(type, Type, StringComparison.Ordinal)
        && Regex.IsMatch(name, "^" + Regex.Escape(Pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    internal bool Allows(string action) =>
        Actions.Contains("*", StringComparer.Ordinal) || Actions.Contains(action, StringComparer.Ordinal);
}
