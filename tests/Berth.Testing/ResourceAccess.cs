namespace Berth.Testing;

/// <summary>One entry of a registry token's <c>access</c> claim, e.g. <c>repository</c> / <c>team/app</c> / <c>[pull]</c>.</summary>
public sealed record ResourceAccess(string Type, string Name, IReadOnlyList<string> Actions)
{
    /// <summary>Parses a scope string <c>type:name:action1,action2</c>; the name may itself contain <c>:</c>.</summary>
    public static ResourceAccess ParseScope(string scope)
    {
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first < 0 || last == first)
        {
            throw new FormatException($"Scope '{scope}' is not 'type:name:actions'.");
        }
        var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ResourceAccess(scope[..first], scope[(first + 1)..last], actions);
    }

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
