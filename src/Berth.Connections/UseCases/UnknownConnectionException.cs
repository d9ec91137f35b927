using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>No connection of the organization (that the caller may use) has this name, or none exist at all.</summary>
public sealed class UnknownConnectionException : BerthException
{
    private const string AddOne = "add one with 'berth connect <type>' or POST /api/v1/registries";

    public UnknownConnectionException(string name, IReadOnlyList<string> known)
        : base(known.Count == 0
            ? $"no connection named '{name}': none are saved yet ({AddOne})"
            : $"no connection named '{name}'; saved connections: {string.Join(", ", known)}")
    {
        Name = name;
    }

    private UnknownConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>The connection asked for; null when the complaint is that there are none at all.</summary>
    public string? Name { get; }

    public override ErrorCategory Category => ErrorCategory.NotFound;

    public static UnknownConnectionException NoneSaved() => new($"no connections are saved yet; {AddOne}");
}
