using System.Net;
using Berth.Errors;

namespace Berth.Transport;

/// <summary>
/// Berth refused to connect to a host because it is, or resolves to, a link-local or cloud metadata address
/// (<see cref="AddressClassifier"/>), whatever led there: a registry URL, a token realm, a redirect, a next-page link
/// or a provider endpoint.
/// </summary>
public sealed class RestrictedAddressException : BerthException
{
    public RestrictedAddressException(string host, IPAddress? address, string reason, string? url = null, ErrorOrigin origin = ErrorOrigin.Registry)
        : base(Compose(host, address, reason, url))
    {
        Host = host;
        Address = address;
        Reason = reason;
        Url = url;
        Origin = origin;
    }

    public override ErrorCategory Category => ErrorCategory.Failed;

    /// <summary>The host as it was asked for (a name or a literal).</summary>
    public string Host { get; }

    /// <summary>The refused address; null when the name alone was refused (a metadata service name).</summary>
    public IPAddress? Address { get; }

    /// <summary>Why, e.g. "a cloud metadata address" or "a link-local address (169.254.0.0/16)".</summary>
    public string Reason { get; }

    /// <summary>The (redacted) URL whose request was refused, when known.</summary>
    public string? Url { get; }

    /// <summary>What was refused and why, in one clause: "'x' resolves to 169.254.169.254, a cloud metadata address".</summary>
    public string Finding => Describe(Host, Address, Reason);

    /// <summary>The same refusal, for the request that needed the connection and the party that led there.</summary>
    public RestrictedAddressException For(string? url, ErrorOrigin origin) => new(Host, Address, Reason, url ?? Url, origin);

    private static string Describe(string host, IPAddress? address, string reason)
    {
        if (address is null)
        {
            return $"'{host}' is {reason}";
        }

        if (!AddressClassifier.TryParseLiteral(host, out var literal) || !literal.Equals(address))
        {
            return $"'{host}' resolves to {address}, {reason}";
        }

        // A literal in another spelling (0xa9.0xfe.0xa9.0xfe, 2852039166) is named in its usual form too.
        return string.Equals(host.Trim('[', ']'), address.ToString(), StringComparison.OrdinalIgnoreCase)
            ? $"'{host}' is {reason}"
            : $"'{host}' is {address}, {reason}";
    }

    private static string Compose(string host, IPAddress? address, string reason, string? url) =>
        $"refused to connect to {host}{(url is null ? "" : $" for {url}")}: {Describe(host, address, reason)}. "
        + "Berth never connects to link-local or cloud metadata addresses, whether a registry URL, a token realm, a redirect "
        + "or a next-page link leads there; give the registry's real address, or stop trusting the registry that sent Berth there";
}
