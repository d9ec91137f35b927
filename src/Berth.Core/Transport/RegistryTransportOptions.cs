using Berth.Auth;
using Berth.References;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Transport;

/// <summary>
/// How to reach and authenticate to one registry: what <see cref="RegistryTransport"/> needs to build its handler chain.
/// The registry client's options add what only the client uses (scheme, page size).
/// </summary>
public record RegistryTransportOptions
{
    public required RegistryHost Registry { get; init; }

    public ICredentialProvider Credentials { get; init; } = StaticCredentialProvider.Anonymous;

    public ITokenCache TokenCache { get; init; } = new MemoryTokenCache();

    /// <summary>Token cache partition: the connection id, so two connections never share tokens.</summary>
    public string Partition { get; init; } = "ad-hoc";

    /// <summary>How metrics name this registry's requests: the connection's name, else the registry host.</summary>
    public string? MetricsName { get; init; }

    /// <summary>Plain http, or https without certificate verification, is acceptable.</summary>
    public bool Insecure { get; init; }

    /// <summary>PEM certificates to trust for this registry (a private CA).</summary>
    public string? CaCertificatesPem { get; init; }

    /// <summary>
    /// Time allowed for one request: to connect, to receive the response headers, and to read a small body (a token
    /// reply, a manifest, a page of tags). Streamed blob bodies are bounded by <see cref="StallTimeout"/> instead.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest any response body (a blob, a manifest, a token reply) may send nothing before the read fails with
    /// an unreachable error naming the peer and what it was sending; distinct from <see cref="Timeout"/>, so a large
    /// blob that keeps arriving is never cut off, and one that stops is given up on.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest token service reply read (a JSON object with a token is a few KiB).</summary>
    public long MaxTokenReplyBytes { get; init; } = 1024 * 1024;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string UserAgent { get; init; } = "berth/" + (typeof(RegistryTransportOptions).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>Which addresses connections may go to (link-local and cloud metadata never, outside tests).</summary>
    public AddressPolicy AddressPolicy { get; init; } = AddressPolicy.Default;

    /// <summary>Replaces the socket handler (tests script responses with it).</summary>
    public HttpMessageHandler? InnerHandler { get; init; }
}
