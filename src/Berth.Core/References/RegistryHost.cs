using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Berth.References;

/// <summary>
/// The registry part of a reference: a host name, an IPv4 address or a bracketed IPv6 address,
/// with an optional port.
/// <code>
/// registry-host    := (domain-name | "[" ipv6-address "]") [":" port]
/// domain-name      := domain-component ("." domain-component)*
/// domain-component := /[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]/
/// port             := /[0-9]+/            ; 1-65535
/// </code>
/// Host names are case-insensitive, so Berth stores them lowercased: <c>GHCR.io</c> and
/// <c>ghcr.io</c> are the same registry, compare equal and share credentials. A port's leading
/// zeros are dropped. <c>docker.io</c>, <c>index.docker.io</c> and <c>registry-1.docker.io</c>
/// (without a port) are all Docker Hub, named <c>docker.io</c> and contacted at
/// <c>registry-1.docker.io</c>.
/// </summary>
public readonly record struct RegistryHost
{
    /// <summary>Docker Hub's canonical name in references.</summary>
    public const string DockerHubName = "docker.io";

    /// <summary>The host that serves Docker Hub's Registry API.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    private const string LegacyDockerHubName = "index.docker.io";

    private readonly string? _name;
    private readonly string? _hostname;

    private RegistryHost(string hostname, int? port, bool bracketed)
    {
        _hostname = hostname;
        Port = port;
        var host = bracketed ? "[" + hostname + "]" : hostname;
        _name = port is { } p ? host + ":" + p.ToString(CultureInfo.InvariantCulture) : host;
        IsLoopback = ComputeIsLoopback(hostname);
    }

    /// <summary>Canonical name as used in references: <c>docker.io</c>, <c>localhost:5000</c>, <c>[::1]:5000</c>.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary><c>host[:port]</c> to contact: <c>registry-1.docker.io</c> for Docker Hub, else <see cref="Name"/>.</summary>
    public string ApiHost => IsDockerHub ? DockerHubApiHost : Name;

    /// <summary>The host without port and brackets: <c>::1</c>, <c>localhost</c>, <c>ghcr.io</c>, <c>docker.io</c>.</summary>
    public string Hostname => _hostname ?? string.Empty;

    public int? Port { get; }

    public bool IsDockerHub => _name == DockerHubName;

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1: plain http is allowed to these without <c>--insecure</c>.</summary>
    public bool IsLoopback { get; }

    public static RegistryHost DockerHub { get; } = new(DockerHubName, null, bracketed: false);

    public static RegistryHost Parse(string s)
    {
        if (!TryParse(s, out var host, out var error))
        {
            throw new ReferenceFormatException("registry host", s, error);
        }

        return host;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, out RegistryHost host) => TryParse(s, out host, out _);

    /// <summary>Parses <paramref name="s"/>; on failure <paramref name="error"/> says which rule it breaks.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out RegistryHost host, [NotNullWhen(false)] out string? error)
    {
        host = default;
        if (string.IsNullOrEmpty(s))
        {
            error = "registry host is empty";
            return false;
        }

        string hostname;
        string? portText;
        var bracketed = s[0] == '[';
        if (bracketed)
        {
            var close = s.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"IPv6 address in '{s}' is missing its closing ']'";
                return false;
            }

            hostname = s[1..close].ToLowerInvariant();
            if (!IsIPv6Literal(hostname))
            {
                error = $"'{hostname}' is not a valid IPv6 address";
                return false;
            }

            var rest = s[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                error = $"unexpected '{rest}' after the IPv6 address; only ':port' may follow ']'";
                return false;
            }

            portText = rest.Length > 0 ? rest[1..] : null;
        }
        else
        {
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            hostname = colon < 0 ? s : s[..colon];
            portText = colon < 0 ? null : s[(colon + 1)..];

            // Checked before lowercasing: ToLowerInvariant maps some non-ASCII letters to ASCII ones (KELVIN SIGN to 'k',
            // U+0130 to 'i'), which would let a look-alike name through as another registry.
            error = ValidateDomainName(hostname);
            if (error is not null)
            {
                return false;
            }

            hostname = hostname.ToLowerInvariant();
        }

        int? port = null;
        if (portText is not null)
        {
            if (!TryParsePort(portText, out var value, out error))
            {
                return false;
            }

            port = value;
        }

        if (port is null && !bracketed && hostname is DockerHubName or LegacyDockerHubName or DockerHubApiHost)
        {
            host = DockerHub;
        }
        else
        {
            host = new RegistryHost(hostname, port, bracketed);
        }

        error = null;
        return true;
    }

    public override string ToString() => Name;

    private static string? ValidateDomainName(string hostname)
    {
        if (hostname.Length == 0)
        {
            return "registry host name is empty";
        }

        foreach (var component in hostname.Split('.'))
        {
            if (component.Length == 0)
            {
                return $"registry host '{hostname}' has an empty component (leading, trailing or double '.')";
            }

            foreach (var c in component)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return $"registry host '{hostname}' contains '{c}'; host names may contain only letters, digits, '-' and '.'";
                }
            }

            if (component[0] == '-' || component[^1] == '-')
            {
                return $"registry host component '{component}' must start and end with a letter or digit";
            }
        }

        return null;
    }

    private static bool TryParsePort(string text, out int port, [NotNullWhen(false)] out string? error)
    {
        port = 0;
        if (text.Length == 0)
        {
            error = "port is empty after ':'";
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                error = $"port '{text}' must be a number";
                return false;
            }
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            error = $"port {text} is out of range (1-65535)";
            return false;
        }

        error = null;
        return true;
    }

    private static bool IsIPv6Literal(string text)
    {
        // IPAddress.TryParse also accepts zone ids ("%eth0") and IPv4 text; neither belongs in brackets here.
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
            {
                return false;
            }
        }

        return text.Contains(':', StringComparison.Ordinal)
            && IPAddress.TryParse(text, out var address)
            && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static bool ComputeIsLoopback(string hostname)
    {
        if (hostname == "localhost")
        {
            return true;
        }

        if (hostname.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(hostname, out var v6) && IPAddress.IsLoopback(v6);
        }

        // Only a full dotted quad counts: IPAddress.TryParse would also read "127.1" or "2130706433" as
        // addresses, which here are host names.
        var parts = hostname.Split('.');
        return parts.Length == 4
            && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit))
            && IPAddress.TryParse(hostname, out var v4)
            && IPAddress.IsLoopback(v4);
    }
}
