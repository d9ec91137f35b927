using System.Net;
using System.Net.Sockets;

namespace Berth.Testing;

/// <summary>Finds free TCP ports on 127.0.0.1 for servers that cannot bind port 0 themselves.</summary>
public static class PortAllocator
{
    /// <summary>
    /// Returns a port that was free a moment ago. Another process can still take it before the caller
    /// binds it, so callers that start external servers retry on "address already in use".
    /// </summary>
    public static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
