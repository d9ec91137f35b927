using System.Text.RegularExpressions;

namespace Berth.Testing;

/// <summary>
/// Which requests get a <see cref="Fault"/>: those with <see cref="Method"/> (or any, with <c>*</c>) whose path and
/// query (<c>/v2/app/blobs/uploads/ID?digest=sha256%3A…</c>) match <see cref="Path"/>, counted in arrival order; occurrences <see cref="From"/> … <see cref="From"/> +
/// <see cref="Times"/> − 1 (1-based) are hit, the others pass through untouched.
/// </summary>
public sealed class FaultRule
{
    private int _seen;
    private int _hits;

    public FaultRule(string method, string path, Fault fault, int from = 1, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        Method = method;
        Path = new Regex(path, RegexOptions.CultureInvariant);
        Fault = fault;
        From = from;
        Times = times;
    }

    /// <summary>A rule that hits every matching request.</summary>
    public static FaultRule Always(string method, string path, Fault fault) => new(method, path, fault, 1, int.MaxValue);

    /// <summary>Path of a blob GET/HEAD: <c>/v2/NAME/blobs/sha256:…</c>.</summary>
    public const string BlobPath = @"^/v2/.+/blobs/sha256:[0-9a-f]{64}(\?|$)";

    /// <summary>Path of an upload session (PATCH/PUT/GET): <c>/v2/NAME/blobs/uploads/UUID</c>.</summary>
    public const string UploadPath = @"^/v2/.+/blobs/uploads/[^/?]+(\?|$)";

    /// <summary>Path of a manifest: <c>/v2/NAME/manifests/REF</c>.</summary>
    public const string ManifestPath = @"^/v2/.+/manifests/[^/?]+(\?|$)";

    public string Method { get; }

    public Regex Path { get; }

    public Fault Fault { get; }

    public int From { get; }

    public int Times { get; }

    /// <summary>Matching requests seen so far.</summary>
    public int Seen => Volatile.Read(ref _seen);

    /// <summary>Requests the fault was applied to.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Counts a matching request; true when this occurrence is to be hit.</summary>
    internal bool Take(string method, string pathAndQuery)
    {
        if ((Method != "*" && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) || !Path.IsMatch(pathAndQuery))
        {
            return false;
        }

        var n = Interlocked.Increment(ref _seen);
        if (n < From || n - From >= Times)
        {
            return false;
        }

        Interlocked.Increment(ref _hits);
        return true;
    }

    public override string ToString() => $"{Method} {Path} #{From}+{Times}: {Fault} (hit {Hits})";
}
