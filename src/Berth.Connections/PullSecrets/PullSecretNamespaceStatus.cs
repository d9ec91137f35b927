namespace Berth.Connections.PullSecrets;

/// <summary>
/// How the last write into one namespace went: <see cref="LastAttempt"/> always, <see cref="LastWrite"/> and
/// <see cref="LastAction"/> (<c>created</c>/<c>replaced</c>) of the last success, <see cref="LastError"/> of the last
/// attempt when it failed (null when it succeeded). Written by Berth; never holds a secret.
/// </summary>
public sealed record PullSecretNamespaceStatus(string Namespace, DateTimeOffset LastAttempt, DateTimeOffset? LastWrite, string? LastAction, string? LastError);
