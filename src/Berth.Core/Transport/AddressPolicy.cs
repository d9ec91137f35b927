using System.Net;
using System.Net.Sockets;

namespace Berth.Transport;

/// <summary>
/// The one address policy for every outgoing connection Berth makes to a peer. <see cref="ConnectAsync"/> is the
/// socket handler's connect callback: it resolves the host itself, refuses it when the name or any address it resolves
/// to is link-local or cloud metadata (<see cref="AddressClassifier"/>), and connects to the very addresses it
/// checked, so a DNS answer that changes between the check and the connection (rebinding) changes nothing.
/// </summary>
public sealed class AddressPolicy
{
    private static readonly TimeSpan CheckResolveTimeout = TimeSpan.FromSeconds(5);

    private AddressPolicy(bool allowsLinkLocal) => AllowsLinkLocal = allowsLinkLocal;

    /// <summary>Refuses link-local and cloud metadata addresses (every front end, always, outside tests).</summary>
    public static AddressPolicy Default { get; } = new(allowsLinkLocal: false);

    /// <summary>Allows them: only for tests whose fakes sit on link-local addresses.</summary>
    public static AddressPolicy AllowingLinkLocal { get; } = new(allowsLinkLocal: true);

    public bool AllowsLinkLocal { get; }

    /// <summary>
    /// The addresses of <paramref name="host"/> (a name or a literal), every one of them checked.
    /// </summary>
    /// <exception cref="RestrictedAddressException">The name, or one of its addresses, is refused.</exception>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!AllowsLinkLocal && AddressClassifier.ClassifyName(host) is { } byName)
        {
            throw new RestrictedAddressException(host, AddressClassifier.TryParseLiteral(host, out var literal) ? literal : null, byName);
        }

        var addresses = AddressClassifier.TryParseLiteral(host, out var address)
            ? [address]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (!AllowsLinkLocal)
        {
            foreach (var resolved in addresses)
            {
                if (AddressClassifier.Classify(resolved) is { } why)
                {
                    throw new RestrictedAddressException(host, resolved, why);
                }
            }
        }

        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>
    /// The early check of a host typed into a form (the registry URL at create and verify): the refusal, or null when
    /// the host is acceptable or does not resolve now (it is checked again at every connection).
    /// </summary>
    public async Task<RestrictedAddressException?> CheckAsync(string host, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckResolveTimeout);
        try
        {
            await ResolveAsync(host, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (RestrictedAddressException refused)
        {
            return refused;
        }
        catch (Exception e) when (e is SocketException or ArgumentException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// The check of a request's host by its text alone (a metadata name, a refused literal): what can be known before
    /// a connection, and all that can be known when a proxy resolves the name instead of Berth.
    /// </summary>
    /// <exception cref="RestrictedAddressException">The host is refused.</exception>
    public void CheckName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!AllowsLinkLocal && AddressClassifier.ClassifyName(host) is { } why)
        {
            throw new RestrictedAddressException(host, AddressClassifier.TryParseLiteral(host, out var literal) ? literal : null, why);
        }
    }

    /// <summary>
    /// <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve and check, then connect to the checked addresses in
    /// the resolver's order, the first that answers wins.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.DnsEndPoint;
        var addresses = await ResolveAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
