namespace Berth.Testing;

/// <summary>What a <see cref="FaultProxy"/> does to a request its <see cref="FaultRule"/> matches.</summary>
public abstract record Fault
{
    /// <summary>
    /// Drops the connection mid-body after <paramref name="Bytes"/> bytes: of the response body for GETs,
    /// of the request body for requests that carry one (uploads).
    /// </summary>
    public static Fault DropAfter(long Bytes) => new DropFault(Bytes);

    /// <summary>Answers with this status instead of forwarding; <paramref name="retryAfter"/> sets <c>Retry-After</c>.</summary>
    public static Fault Status(int code, string? retryAfter = null) => new StatusFault(code, retryAfter);

    /// <summary>Forwards, keeps the upstream <c>Content-Length</c>, sends only the first <paramref name="Bytes"/> bytes and ends the response.</summary>
    public static Fault Truncate(long Bytes) => new TruncateFault(Bytes);

    /// <summary>Forwards the response with the byte at <paramref name="Offset"/> inverted (same length, wrong content).</summary>
    public static Fault FlipByte(long Offset) => new FlipByteFault(Offset);

    /// <summary>Forwards with request and response bodies throttled to <paramref name="KibPerSecond"/> KiB/s.</summary>
    public static Fault Throttle(int KibPerSecond) => new ThrottleFault(KibPerSecond);
}

public sealed record DropFault(long Bytes) : Fault;

public sealed record StatusFault(int Code, string? RetryAfter) : Fault;

public sealed record TruncateFault(long Bytes) : Fault;

public sealed record FlipByteFault(long Offset) : Fault;

public sealed record ThrottleFault(int KibPerSecond) : Fault;
