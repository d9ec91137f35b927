using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Transport;

/// <summary>
/// Certificate checks against a CA bundle the user gave (a registry's or a cluster's) instead of the system store:
/// the name must still match, and revocation is not checked because private CAs rarely publish revocation lists.
/// </summary>
public static class CustomRoots
{
    /// <summary>
    /// Sets how <paramref name="handler"/> checks a peer for a registry's settings: any certificate when the user asked
    /// for <paramref name="insecure"/>, the system store or <paramref name="caPem"/> when a CA bundle is given, the system
    /// store alone otherwise. The registry transport and provider-API clients of the same registry use it alike.
    /// </summary>
    public static void Apply(SocketsHttpHandler handler, string? caPem, bool insecure)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (insecure)
        {
            // The user asked for --insecure on this registry: that is exactly "accept any certificate".
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (!string.IsNullOrWhiteSpace(caPem))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => errors == SslPolicyErrors.None || Trust(roots, cert, errors);
        }
    }

    /// <summary>Whether <paramref name="certificate"/> chains to one of <paramref name="roots"/> with its name matching.</summary>
    public static bool Trust(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
