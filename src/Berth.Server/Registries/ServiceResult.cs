namespace Berth.Server.Registries;

/// <summary>A value, or field-level errors, or "not found" (which also covers another organization's connection).</summary>
internal sealed record ServiceResult<T>(T? Value, IReadOnlyList<FieldError> Errors, bool NotFound = false, bool Conflict = false)
    where T : class
{
    public bool Ok => Value is not null;

    public static ServiceResult<T> Success(T value) => new(value, []);

    public static ServiceResult<T> Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);

    public static ServiceResult<T> Invalid(string field, string message) => new(null, [new FieldError(field, message)]);

    public static ServiceResult<T> Missing() => new(null, [], NotFound: true);

    public static ServiceResult<T> Taken(string field, string message) => new(null, [new FieldError(field, message)], Conflict: true);

    public Dictionary<string, string[]> ErrorDictionary() =>
        Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}
