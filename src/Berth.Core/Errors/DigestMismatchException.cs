namespace Berth.Errors;

/// <summary>
/// Content did not hash to the digest it was fetched by (or claimed by the registry). Whoever served it set
/// <see cref="BerthException.Origin"/>; a file on disk is <see cref="ErrorOrigin.Local"/>.
/// </summary>
public sealed class DigestMismatchException(string what, string expected, string actual)
    : BerthException($"{what}: digest mismatch: expected {expected}, got {actual}")
{
    public override ErrorCategory Category => ErrorCategory.Failed;

    public string Expected { get; } = expected;

    public string Actual { get; } = actual;
}
