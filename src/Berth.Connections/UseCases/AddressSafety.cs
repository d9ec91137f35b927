using System.Net;
using System.Net.Sockets;

namespace Berth.Connections.UseCases;

/// <summary>
/// Refuses registry hosts that are, or resolve to, link-local or cloud metadata addresses: a server that fetches
/// from any URL a user types must not become a way to read the instance metadata service.
/// </summary>
public static class AddressSafety
{
    private static readonly string[] MetadataHostNames = ["metadata.google.internal", "metadata", "metadata.azure.com", "instance-data", "instance-data.ec2.internal"];

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, OpenStack, DigitalOcean
        IPAddress.Parse("169.254.170.2"), // AWS ECS task metadata
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("192.0.0.192"), // Oracle Cloud
        IPAddress.Parse("fd00:ec2::254"), // AWS IPv6
    ];

    /// <returns>A message for the <c>url</c> field, or null when the host is acceptable (or cannot be resolved now).</returns>
    public static async Task<string?> CheckAsync(string hostname, CancellationToken cancellationToken)
    {
        var host = hostname.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (MetadataHostNames.Contains(host, StringComparer.Ordinal))
        {
            return $"'{hostname}' is a cloud metadata service, not a registry; Berth does not connect to it";
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Unresolvable now: verify will say so; the address is checked again whenever it is used.
                return null;
            }
        }

        foreach (var address in addresses)
        {
            if (Refused(address) is { } why)
            {
                return address.ToString() == host
                    ? $"'{hostname}' is {why}; registry URLs may not point at link-local or cloud metadata addresses"
                    : $"'{hostname}' resolves to {address} ({why}); registry URLs may not point at link-local or cloud metadata addresses";
            }
        }

        return null;
    }

    internal static string? Refused(IPAddress address)
    {
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (MetadataAddresses.Any(m => m.Equals(a)))
        {
            return "a cloud metadata address";
        }

        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = a.GetAddressBytes();
            return bytes[0] == 169 && bytes[1] == 254 ? "a link-local address (169.254.0.0/16)" : null;
        }

        return a.IsIPv6LinkLocal ? "a link-local address (fe80::/10)" : null;
    }
}
