namespace Berth.Auth;

/// <summary>
/// A token scope, <c>resourcetype:resourcename:action[,action]</c> as in
/// <c>repository:team/app:pull,push</c> or <c>registry:catalog:*</c>.
/// </summary>
/// <remarks>The resource name may itself contain ':' (a host:port prefix), so the actions are
/// what follows the last colon and the type is what precedes the first.</remarks>
public sealed record AccessScope
{
    public AccessScope(string resourceType, string resourceName, IEnumerable<string> actions)
    {
        ResourceType = resourceType;
        ResourceName = resourceName;
        Actions = actions.Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    public string ResourceType { get; }

    public string ResourceName { get; }

    public IReadOnlyList<string> Actions { get; }

    public static AccessScope RepositoryPull(string repository) => new("repository", repository, ["pull"]);

    public static AccessScope RepositoryPush(string repository) => new("repository", repository, ["pull", "push"]);

    public static AccessScope RepositoryDelete(string repository) => new("repository", repository, ["delete"]);

    public static AccessScope Catalog { get; } = new("registry", "catalog", ["*"]);

    public static bool TryParse(string? value, out AccessScope? scope)
    {
        scope = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var first = value.IndexOf(':', StringComparison.Ordinal);
        var last = value.LastIndexOf(':');
        if (first <= 0 || last == first)
        {
            return false;
        }

        scope = new AccessScope(value[..first], value[(first + 1)..last], value[(last + 1)..].Split(','));
        return true;
    }

    /// <summary>Splits a space-separated <c>scope</c> challenge parameter into scopes.</summary>
    public static IReadOnlyList<AccessScope> ParseList(string? value)
    {
        var list = new List<AccessScope>();
        foreach (var part in (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParse(part, out var scope))
            {
                list.Add(scope!);
            }
        }

        return list;
    }

    /// <summary>Unions the actions of scopes on the same resource, so one token covers them all.</summary>
    public static IReadOnlyList<AccessScope> Merge(IEnumerable<AccessScope> scopes) =>
        scopes.GroupBy(s => (s.ResourceType, s.ResourceName))
            .Select(g => new AccessScope(g.Key.ResourceType, g.Key.ResourceName, g.SelectMany(s => s.Actions)))
            .OrderBy(s => s.ToString(), StringComparer.Ordinal)
            .ToArray();

    public bool Equals(AccessScope? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public override string ToString() => $"{ResourceType}:{ResourceName}:{string.Join(',', Actions)}";
}
