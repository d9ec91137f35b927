namespace Berth.Testing;

/// <summary>
/// How a <see cref="RegistryServer"/> is configured. Auth modes: open (default), htpasswd Basic
/// (<see cref="HtpasswdUsers"/>) or token (<see cref="TokenIssuer"/>); each combinable with <see cref="Tls"/>.
/// </summary>
public sealed class RegistryOptions
{
    /// <summary>user → password; when set the registry uses <c>auth.htpasswd</c> with a bcrypt file.</summary>
    public IReadOnlyDictionary<string, string>? HtpasswdUsers { get; init; }

    /// <summary>The <c>realm</c> the registry announces in <c>WWW-Authenticate: Basic</c> for htpasswd mode.</summary>
    public string HtpasswdRealm { get; init; } = "berth-test-registry";

    /// <summary>A started issuer; when set the registry uses <c>auth.token</c> trusting its signing certificate.</summary>
    public TokenIssuer? TokenIssuer { get; init; }

    /// <summary>The token <c>service</c> (and accepted JWT audience) in token mode.</summary>
    public string TokenService { get; init; } = "berth-test-registry";

    /// <summary>Serve HTTPS with a server certificate for 127.0.0.1 and localhost.</summary>
    public bool Tls { get; init; }

    /// <summary>CA to issue the server certificate from; null makes a fresh one per registry. Share one to let several registries be trusted together.</summary>
    public TestCertificateAuthority? CertificateAuthority { get; init; }

    /// <summary><c>catalog.maxentries</c>: the page size of <c>/v2/_catalog</c> and the largest <c>n</c> accepted (larger gets 400 PAGINATION_NUMBER_INVALID).</summary>
    public int CatalogMaxEntries { get; init; } = 1000;

    /// <summary><c>storage.delete.enabled</c>.</summary>
    public bool DeleteEnabled { get; init; } = true;

    /// <summary>How long to wait for <c>GET /v2/</c> to answer after starting the process.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The binary to run; the Debian package installs it at this path.</summary>
    public string Executable { get; init; } = "/usr/bin/docker-registry";
}
