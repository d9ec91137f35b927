namespace Berth.Testing;

/// <summary>JWS algorithm a <see cref="TokenIssuer"/> signs with; both are accepted by Distribution 2.8 (libtrust).</summary>
public enum TokenSigningAlgorithm
{
    /// <summary>ECDSA P-256 with SHA-256.</summary>
    ES256,

    /// <summary>RSA PKCS#1 v1.5 with SHA-256 (2048-bit key).</summary>
    RS256,
}
