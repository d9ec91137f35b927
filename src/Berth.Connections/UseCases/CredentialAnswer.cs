using Berth.Auth;
using Berth.References;

namespace Berth.Connections.UseCases;

/// <summary>
/// The wire shape of a <see cref="ResolvedCredential"/>: what <c>GET /api/v1/credentials/resolve</c> answers and the
/// remote credential helper and kubelet provider read back, so server and clients share one definition.
/// </summary>
public sealed record CredentialAnswer(
    string Connection,
    string Registry,
    string Key,
    string? Username,
    string? Password,
    string? IdentityToken,
    string? RegistryToken,
    DateTimeOffset? ExpiresAt)
{
    public static CredentialAnswer From(ResolvedCredential resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var c = resolved.Credential;
        return new CredentialAnswer(resolved.Connection, resolved.Registry.Name, resolved.Key, c.Username, c.Password, c.IdentityToken, c.RegistryToken, resolved.ExpiresAt);
    }

    /// <summary>The credential back as the use case gave it.</summary>
    /// <exception cref="FormatException">The registry is not a registry host (a damaged answer).</exception>
    public ResolvedCredential ToResolved()
    {
        if (!RegistryHost.TryParse(Registry, out var host, out var error))
        {
            throw new FormatException($"the answer names registry '{Registry}': {error}");
        }

        RegistryCredential credential =
            !string.IsNullOrEmpty(IdentityToken) ? RegistryCredential.Identity(Username, IdentityToken)
            : !string.IsNullOrEmpty(RegistryToken) ? RegistryCredential.Bearer(RegistryToken)
            : Password is not null && !string.IsNullOrEmpty(Username) ? RegistryCredential.Basic(Username, Password)
            : RegistryCredential.Anonymous;
        return new ResolvedCredential(Connection, host, Key, credential, ExpiresAt);
    }

    /// <summary>Never shows a secret.</summary>
    public override string ToString() => $"CredentialAnswer {{ Connection = {Connection}, Key = {Key}, Username = {Username}, secrets redacted }}";
}
