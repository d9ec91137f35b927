using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>A server address asked for (credential helper, kubelet provider, resolve endpoint) that is no registry address.</summary>
public sealed class InvalidServerAddressException(string server, string reason)
    : BerthException($"'{server}' is not a registry address: {reason}; give host[:port] or host[:port]/repository")
{
    public override ErrorCategory Category => ErrorCategory.Usage;
}
