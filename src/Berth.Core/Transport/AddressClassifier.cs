using System.Net;
using System.Net.Sockets;

namespace Berth.Transport;

/// <summary>
/// Says whether an address (or a host name) is one Berth never connects to: link-local (169.254.0.0/16, fe80::/10)
/// and cloud metadata services, in every form an IPv4 address can take inside IPv6 (IPv4-mapped <c>::ffff:a.b.c.d</c>,
/// IPv4-compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c> and <c>64:ff9b:1::/48</c>, 6to4 <c>2002::/16</c>, Teredo).
/// Loopback and private ranges are allowed: registries on 127.0.0.1 or a LAN are ordinary.
/// The one classifier behind both the URL check at create and the check at connect time (<see cref="AddressPolicy"/>).
/// </summary>
public static class AddressClassifier
{
    private const string Metadata = "a cloud metadata address";

    private static readonly HashSet<string> MetadataHostNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal", "metadata", "metadata.azure.com", "instance-data", "instance-data.ec2.internal",
        "metadata.tencentyun.com",
    };

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, OpenStack, DigitalOcean, Hetzner …
        IPAddress.Parse("169.254.170.2"), // AWS ECS task metadata and credentials
        IPAddress.Parse("169.254.170.23"), // AWS EKS Pod Identity agent
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("192.0.0.192"), // Oracle Cloud
        IPAddress.Parse("168.63.129.16"), // Azure WireServer
        IPAddress.Parse("fd00:ec2::254"), // AWS IMDS over IPv6
        IPAddress.Parse("fd00:ec2::23"), // AWS EKS Pod Identity agent over IPv6
        IPAddress.Parse("fd20:ce::254"), // Google Cloud metadata over IPv6
    ];

    /// <summary>
    /// Why Berth does not connect to <paramref name="host"/> judged by its text alone — a metadata service name or a
    /// refused address literal (brackets, a trailing dot and an IPv6 zone are ignored) — or null when only its DNS
    /// answer can tell.
    /// </summary>
    public static string? ClassifyName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');
        if (MetadataHostNames.Contains(name))
        {
            return "a cloud metadata service name";
        }

        return TryParseLiteral(name, out var address) ? Classify(address) : null;
    }

    /// <summary>Why Berth does not connect to <paramref name="address"/>, or null when it may.</summary>
    public static string? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyIPv4(address);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        var plain = address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
        if (MetadataAddresses.Any(plain.Equals))
        {
            return Metadata;
        }

        if (address.IsIPv6LinkLocal)
        {
            return "a link-local address (fe80::/10)";
        }

        foreach (var (embedded, form) in EmbeddedIPv4(address.GetAddressBytes()))
        {
            if (ClassifyIPv4(embedded) is { } why)
            {
                return $"{why}: it is {embedded} {form}";
            }
        }

        return null;
    }

    /// <summary>
    /// Parses an IP address literal in any form .NET accepts (dotted, hex, octal, a single decimal number, IPv6 with
    /// or without a zone, which may be percent-encoded as in a URL).
    /// </summary>
    public static bool TryParseLiteral(string text, out IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text.Trim().TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(name, out address!))
        {
            return true;
        }

        // An IPv6 zone the parser does not know ("fe80::1%25eth0" from a URL): the zone never changes the class.
        var zone = name.IndexOf('%', StringComparison.Ordinal);
        return zone > 0 && name.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(name[..zone], out address!);
    }

    private static string? ClassifyIPv4(IPAddress address)
    {
        if (MetadataAddresses.Any(address.Equals))
        {
            return Metadata;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254 ? "a link-local address (169.254.0.0/16)" : null;
    }

    /// <summary>Every IPv4 address an IPv6 address carries, with the form that carries it.</summary>
    private static IEnumerable<(IPAddress Address, string Form)> EmbeddedIPv4(byte[] b)
    {
        if (Zero(b, 0, 10) && b[10] == 0xff && b[11] == 0xff)
        {
            yield return (V4(b[12], b[13], b[14], b[15]), "as an IPv4-mapped IPv6 address (::ffff:0:0/96)");
        }
        else if (Zero(b, 0, 12))
        {
            yield return (V4(b[12], b[13], b[14], b[15]), "as an IPv4-compatible IPv6 address (::/96)");
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            if (Zero(b, 4, 8))
            {
                yield return (V4(b[12], b[13], b[14], b[15]), "behind NAT64 (64:ff9b::/96)");
            }
            else if (b[4] == 0x00 && b[5] == 0x01)
            {
                // Local-use NAT64 (RFC 8215): the operator picks a prefix length of /48 to /96 (RFC 6052 placements).
                const string local = "behind local-use NAT64 (64:ff9b:1::/48)";
                yield return (V4(b[6], b[7], b[9], b[10]), local);
                yield return (V4(b[7], b[9], b[10], b[11]), local);
                yield return (V4(b[9], b[10], b[11], b[12]), local);
                yield return (V4(b[12], b[13], b[14], b[15]), local);
            }
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            yield return (V4(b[2], b[3], b[4], b[5]), "inside a 6to4 address (2002::/16)");
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
        {
            yield return (V4(b[4], b[5], b[6], b[7]), "as a Teredo server (2001::/32)");
            yield return (V4((byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]), "as a Teredo client (2001::/32)");
        }
    }

    private static bool Zero(byte[] bytes, int start, int count) => bytes.AsSpan(start, count).IndexOfAnyExcept((byte)0) < 0;

    private static IPAddress V4(byte a, byte b, byte c, byte d) => new([a, b, c, d]);
}
