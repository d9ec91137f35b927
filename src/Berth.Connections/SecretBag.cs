using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Serialization;

namespace Berth.Connections;

/// <summary>
/// The secret credential fields of a connection (password, token, secretAccessKey, keyJson …), held in memory
/// only. <see cref="ToString"/> and JSON serialization show names, never values; code that must send a secret
/// to a registry asks for it by name with <see cref="Reveal"/>.
/// <para>
/// A secret the store holds but could not decrypt is kept as <em>unreadable</em> (<see cref="WithUnreadable"/>):
/// it counts as set, and <see cref="Reveal"/> and <see cref="TryReveal"/> of it throw
/// <see cref="ConnectionUnreadableException"/> rather than pretend it is absent.
/// </para>
/// </summary>
[JsonConverter(typeof(SecretBagJsonConverter))]
public sealed class SecretBag : IEquatable<SecretBag>
{
    /// <summary>Values shorter than this get no hint: four characters of a short secret give too much away.</summary>
    public const int MinimumLengthForHint = 12;

    private static readonly ImmutableSortedDictionary<string, Unreadable> NoneUnreadable =
        ImmutableSortedDictionary.Create<string, Unreadable>(StringComparer.Ordinal);

    private readonly ImmutableSortedDictionary<string, string> _values;
    private readonly ImmutableSortedDictionary<string, Unreadable> _unreadable;

    private SecretBag(ImmutableSortedDictionary<string, string> values, ImmutableSortedDictionary<string, Unreadable> unreadable)
    {
        _values = values;
        _unreadable = unreadable;
    }

    public static SecretBag Empty { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal), NoneUnreadable);

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

    /// <summary>Every secret held, readable or not, by name.</summary>
    public IEnumerable<string> Names => _values.Keys.Concat(_unreadable.Keys).Order(StringComparer.Ordinal);

    public int Count => _values.Count + _unreadable.Count;

    /// <summary>Secrets the store holds but could not decrypt.</summary>
    public IEnumerable<string> UnreadableNames => _unreadable.Keys;

    /// <summary>False when any secret could not be decrypted.</summary>
    public bool AllReadable => _unreadable.IsEmpty;

    /// <summary>True when the secret is held, even when it could not be decrypted.</summary>
    public bool IsSet(string name) => _values.ContainsKey(name) || _unreadable.ContainsKey(name);

    /// <summary>False for a secret the store holds but could not decrypt; true otherwise.</summary>
    public bool IsReadable(string name) => !_unreadable.ContainsKey(name);

    /// <summary>What using the first unreadable secret throws, or null when all are readable.</summary>
    public ConnectionUnreadableException? UnreadableError() =>
        _unreadable.IsEmpty ? null : _unreadable.First().Value.Error(_unreadable.First().Key);

    /// <summary>The last four characters of a value at least <see cref="MinimumLengthForHint"/> long, else null.</summary>
    public string? Hint(string name) =>
        _values.TryGetValue(name, out var value) && value.Length >= MinimumLengthForHint ? value[^4..] : null;

    /// <summary>The plaintext value, for the code that has to use it; never log or display the result.</summary>
    /// <exception cref="SecretNotSetException">No such secret.</exception>
    /// <exception cref="ConnectionUnreadableException">The secret is held but could not be decrypted.</exception>
    public string Reveal(string name) =>
        _values.TryGetValue(name, out var value)
            ? value
            : _unreadable.TryGetValue(name, out var unreadable)
                ? throw unreadable.Error(name)
                : throw new SecretNotSetException(name);

    /// <summary>The value when set; false when not set.</summary>
    /// <exception cref="ConnectionUnreadableException">The secret is held but could not be decrypted.</exception>
    public bool TryReveal(string name, out string value)
    {
        if (_unreadable.TryGetValue(name, out var unreadable))
        {
            throw unreadable.Error(name);
        }

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
        return new SecretBag(_values.SetItem(name, value), _unreadable.Remove(name));
    }

    /// <summary>
    /// Records a secret the store holds for <paramref name="connectionName"/> but could not decrypt, and why
    /// (never a value). Setting it again with <see cref="With"/> replaces it.
    /// </summary>
    public SecretBag WithUnreadable(string name, string connectionName, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new SecretBag(_values.Remove(name), _unreadable.SetItem(name, new Unreadable(connectionName, reason)));
    }

    public SecretBag Without(string name) => new(_values.Remove(name), _unreadable.Remove(name));

    public bool Equals(SecretBag? other) =>
        other is not null
        && other._values.Count == _values.Count
        && _values.All(kv => other._values.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal))
        && other._unreadable.Count == _unreadable.Count
        && _unreadable.All(kv => other._unreadable.TryGetValue(kv.Key, out var u) && u == kv.Value);

    public override bool Equals(object? obj) => Equals(obj as SecretBag);

    // Names only: a hash over values would be one more place a secret's influence could leak from.
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in Names)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var text = new StringBuilder("SecretBag(");
        text.AppendJoin(", ", Names.Select(n => n + (_unreadable.ContainsKey(n) ? "=unreadable" : "=set")));
        return text.Append(')').ToString();
    }

    private sealed record Unreadable(string ConnectionName, string Reason)
    {
        public ConnectionUnreadableException Error(string name) => new(ConnectionName, $"stored secret '{name}'", Reason);
    }
}
