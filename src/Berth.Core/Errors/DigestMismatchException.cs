namespace Berth.Errors;

/// <summary>Content did not hash to the digest it was fetched by (or claimed by the registry).</summary>
public sealed class DigestMismatchException(string what, string expected, string actual)
    : Exception($"{what}: digest mismatch: expected {expected}, got {actual}")
{
    public string Expected { get; } = expected;

    public string Actual { get; } = actual;
}
