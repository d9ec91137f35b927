using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Testing;

/// <summary>
/// A certificate authority made for one test run: it issues server certificates for loopback servers and
/// builds HTTP handlers that trust only it. Nothing is added to the machine's trust store.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private TestCertificateAuthority(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        CertificateDirectory = directory;
        CaCertificatePem = certificate.ExportCertificatePem();
        CaCertificatePath = Path.Combine(directory, "ca.crt");
        File.WriteAllText(CaCertificatePath, CaCertificatePem);
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate in PEM form.</summary>
    public string CaCertificatePem { get; }

    /// <summary><c>ca.crt</c> inside <see cref="CertificateDirectory"/>.</summary>
    public string CaCertificatePath { get; }

    /// <summary>
    /// A directory holding only <c>ca.crt</c>, the layout skopeo's <c>--cert-dir</c> and Docker's <c>certs.d</c> expect.
    /// Issued server certificates are never written here: a stray <c>.key</c> would be read as a client key.
    /// </summary>
    public string CertificateDirectory { get; }

    /// <summary>Creates a new CA (ECDSA P-256, valid from an hour ago for 7 days) and writes <c>ca.crt</c> into <paramref name="directory"/>.</summary>
    public static TestCertificateAuthority Create(string directory, string commonName = "Berth Test CA")
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=Berth tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(7));
        return new TestCertificateAuthority(certificate, directory);
    }

    /// <summary>
    /// Issues a TLS server certificate whose subject alternative names are <paramref name="hosts"/>
    /// (IP addresses become IP SANs, the rest DNS SANs; default 127.0.0.1 and localhost) and writes
    /// <c>NAME.crt</c> and <c>NAME.key</c> into <paramref name="directory"/>.
    /// </summary>
    public IssuedCertificate IssueServerCertificate(string directory, string name = "server", params string[] hosts)
    {
        if (hosts.Length == 0)
        {
            hosts = ["127.0.0.1", "localhost"];
        }
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts[0]}, O=Berth tests", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(host);
            }
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        // A certificate may not outlive its issuer; issued a second after the CA, "now + 7 days" would.
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = now.AddDays(7) < caNotAfter ? now.AddDays(7) : caNotAfter;
        using var issued = request.Create(Certificate, now.AddHours(-1), notAfter, serial);
        var withKey = issued.CopyWithPrivateKey(key);

        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, withKey.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        // Kestrel on Linux needs a certificate whose key is not ephemeral; a PKCS#12 round trip gives that.
        var reloaded = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        withKey.Dispose();
        return new IssuedCertificate(reloaded, certificatePath, keyPath);
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA (and only this CA).</summary>
    public bool Validates(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>An HTTP handler that trusts this CA (and nothing else) and still checks the host name.</summary>
    public SocketsHttpHandler CreateHttpHandler()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is X509Certificate2 server
            && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0
            && Validates(server);
        return handler;
    }

    public void Dispose() => Certificate.Dispose();
}
