using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Serialization;

namespace Berth.Connections;

/// <summary>
/// The secret credential fields of a connection (password, token, secretAccessKey, keyJson …), held in memory
/// only. <see cref="ToString"/> and JSON serialization show names, never values; code that must send a secret
/// to a registry asks for it by name with <see cref="Reveal"/>.
/// </summary>
[JsonConverter(typeof(SecretBagJsonConverter))]
public sealed class SecretBag : IEquatable<SecretBag>
{
    /// <summary>Values shorter than this get no hint: four characters of a short secret give too much away.</summary>
    public const int MinimumLengthForHint = 12;

    private readonly ImmutableSortedDictionary<string, string> _values;

    private SecretBag(ImmutableSortedDictionary<string, string> values) => _values = values;

    public static SecretBag Empty { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));

    public static SecretBag From(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bag = Empty;
        foreach (var (name, value) in values)
        {
            bag = bag.With(name, value);
        }

        return bag;
    }

    public IEnumerable<string> Names => _values.Keys;

    public int Count => _values.Count;

    public bool IsSet(string name) => _values.ContainsKey(name);

    /// <summary>The last four characters of a value at least <see cref="MinimumLengthForHint"/> long, else null.</summary>
    public string? Hint(string name) =>
        _values.TryGetValue(name, out var value) && value.Length >= MinimumLengthForHint ? value[^4..] : null;

    /// <summary>The plaintext value, for the code that has to use it; never log or display the result.</summary>
    public string Reveal(string name) =>
        _values.TryGetValue(name, out var value)
            ? value
            : throw new SecretNotSetException(name);

    public bool TryReveal(string name, out string value)
    {
        if (_values.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = "";
        return false;
    }

    public SecretBag With(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        return new SecretBag(_values.SetItem(name, value));
    }

    public SecretBag Without(string name) => new(_values.Remove(name));

    public bool Equals(SecretBag? other) =>
        other is not null
        && other._values.Count == _values.Count
        && _values.All(kv => other._values.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as SecretBag);

    // Names only: a hash over values would be one more place a secret's influence could leak from.
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in _values.Keys)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var text = new StringBuilder("SecretBag(");
        text.AppendJoin(", ", _values.Keys.Select(n => n + "=set"));
        return text.Append(')').ToString();
    }
}
