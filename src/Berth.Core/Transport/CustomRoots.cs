using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Transport;

/// <summary>
/// Certificate checks against a CA bundle the user gave (a registry's or a cluster's) instead of the system store:
/// the name must still match, and revocation is not checked because private CAs rarely publish revocation lists.
/// </summary>
public static class CustomRoots
{
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
