using System.Security.Cryptography.X509Certificates;

namespace Berth.Testing;

/// <summary>A certificate issued by a <see cref="TestCertificateAuthority"/>, with its PEM files on disk.</summary>
public sealed class IssuedCertificate : IDisposable
{
    internal IssuedCertificate(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>PEM file of the certificate alone.</summary>
    public string CertificatePath { get; }

    /// <summary>PEM (PKCS#8) file of the private key.</summary>
    public string KeyPath { get; }

    public void Dispose() => Certificate.Dispose();
}
