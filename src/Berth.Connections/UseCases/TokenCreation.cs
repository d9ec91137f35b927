using Berth.Connections.Tokens;

namespace Berth.Connections.UseCases;

/// <summary>A created token (its text shown once), or the field that was wrong and why.</summary>
public sealed record TokenCreation(IssuedApiToken? Issued, string? Field, string? Error)
{
    public static TokenCreation Invalid(string field, string error) => new(null, field, error);
}
