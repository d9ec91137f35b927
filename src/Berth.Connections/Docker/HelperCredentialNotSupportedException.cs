using Berth.Errors;

namespace Berth.Connections.Docker;

/// <summary>
/// The docker credential-helper protocol cannot carry what was asked: a bearer token on <c>get</c>, an identity
/// token on <c>store</c>, or a <c>store</c> into a connection whose credentials Berth derives (ECR, GCR …). A usage error.
/// </summary>
public sealed class HelperCredentialNotSupportedException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Usage;
}
