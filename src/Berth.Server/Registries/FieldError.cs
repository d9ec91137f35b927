namespace Berth.Server.Registries;

/// <summary>A problem with one input field, reported as RFC 7807 <c>errors[field]</c>.</summary>
public sealed record FieldError(string Field, string Message);
