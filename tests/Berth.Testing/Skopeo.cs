using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Testing;

/// <summary>
/// Runs the reference client skopeo (1.9) with <c>--insecure-policy</c>, so no <c>/etc/containers/policy.json</c>
/// is needed. Registry references are <c>docker://HOST/REPO:TAG</c>. Unless the extra arguments say otherwise,
/// TLS verification is turned off for <c>docker://</c> ends (plain-http loopback registries need that); pass
/// <see cref="SourceTlsArgs"/>/<see cref="DestinationTlsArgs"/>/<see cref="TlsArgs"/> to verify against a test CA.
/// Credentials go into a throwaway auth file, never onto the command line.
/// </summary>
public static class Skopeo
{
    public static string Executable { get; set; } = "/usr/bin/skopeo";

    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>skopeo --insecure-policy ARGS</c> with the default timeout.</summary>
    public static Task<ProcessResult> RunAsync(params string[] args) => RunAsync(args, null, CancellationToken.None);

    /// <summary>Runs <c>skopeo --insecure-policy ARGS</c>; the process tree is killed on timeout (→ <see cref="TimeoutException"/>) or cancellation.</summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> args, TimeSpan? timeout, CancellationToken ct = default) =>
        ProcessRunner.RunAsync(Executable, ["--insecure-policy", .. args], timeout ?? DefaultTimeout, ct);

    /// <summary>
    /// Runs <c>skopeo --insecure-policy ARGS</c> with extra environment variables, e.g. a <c>PATH</c> holding a
    /// <c>docker-credential-*</c> helper and the variables that helper reads.
    /// </summary>
    public static Task<ProcessResult> RunWithEnvironmentAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, CancellationToken ct = default) =>
        ProcessRunner.RunAsync(Executable, ["--insecure-policy", .. args], DefaultTimeout, ct, environment);

    /// <summary><c>--src-cert-dir=CA_DIR</c> for a TLS registry (verifies against its CA), <c>--src-tls-verify=false</c> for plain http.</summary>
    public static IReadOnlyList<string> SourceTlsArgs(RegistryServer registry) => TlsArgsFor(registry, "src-");

    /// <summary><c>--dest-cert-dir=CA_DIR</c> for a TLS registry, <c>--dest-tls-verify=false</c> for plain http.</summary>
    public static IReadOnlyList<string> DestinationTlsArgs(RegistryServer registry) => TlsArgsFor(registry, "dest-");

    /// <summary><c>--cert-dir=CA_DIR</c> for a TLS registry, <c>--tls-verify=false</c> for plain http (inspect, list-tags, delete).</summary>
    public static IReadOnlyList<string> TlsArgs(RegistryServer registry) => TlsArgsFor(registry, "");

    /// <summary><c>skopeo copy [extra] SOURCE DESTINATION</c>; throws <see cref="SkopeoException"/> on failure.</summary>
    public static async Task<ProcessResult> CopyAsync(
        string source,
        string destination,
        RegistryCredentials? sourceCredentials = null,
        RegistryCredentials? destinationCredentials = null,
        IEnumerable<string>? extraArgs = null,
        CancellationToken ct = default)
    {
        using var temp = new TempDirectory("berth-skopeo");
        var args = new List<string> { "copy" };
        var extra = extraArgs?.ToList() ?? [];
        AddEndpointArgs(args, extra, source, sourceCredentials, "src-", temp);
        AddEndpointArgs(args, extra, destination, destinationCredentials, "dest-", temp);
        args.AddRange(extra);
        args.Add(source);
        args.Add(destination);
        var result = await RunAsync(args, null, ct);
        return result.ExitCode == 0 ? result : throw new SkopeoException($"copy {source} {destination}", result);
    }

    /// <summary><c>skopeo inspect [--raw] REF</c>; returns stdout (JSON). <paramref name="raw"/> gives the manifest bytes exactly as served.</summary>
    public static async Task<string> InspectAsync(
        string reference,
        RegistryCredentials? credentials = null,
        bool raw = false,
        bool tlsVerify = false,
        string? certDirectory = null,
        CancellationToken ct = default)
    {
        using var temp = new TempDirectory("berth-skopeo");
        var args = new List<string> { "inspect" };
        if (raw)
        {
            args.Add("--raw");
        }
        AddQueryArgs(args, reference, credentials, tlsVerify, certDirectory, temp);
        args.Add(reference);
        var result = await RunAsync(args, null, ct);
        return result.ExitCode == 0 ? result.Stdout : throw new SkopeoException($"inspect {reference}", result);
    }

    /// <summary>Digest (<c>sha256:…</c>) of the raw manifest skopeo reads for <paramref name="reference"/>.</summary>
    public static async Task<string> InspectRawDigestAsync(
        string reference,
        RegistryCredentials? credentials = null,
        bool tlsVerify = false,
        string? certDirectory = null,
        CancellationToken ct = default)
    {
        var raw = await InspectAsync(reference, credentials, raw: true, tlsVerify, certDirectory, ct);
        return TestImages.Sha256Digest(Encoding.UTF8.GetBytes(raw));
    }

    /// <summary><c>skopeo list-tags docker://HOST/REPO</c>; returns the tags in the order skopeo prints them.</summary>
    public static async Task<IReadOnlyList<string>> ListTagsAsync(
        string repositoryReference,
        RegistryCredentials? credentials = null,
        bool tlsVerify = false,
        string? certDirectory = null,
        CancellationToken ct = default)
    {
        using var temp = new TempDirectory("berth-skopeo");
        var args = new List<string> { "list-tags" };
        AddQueryArgs(args, repositoryReference, credentials, tlsVerify, certDirectory, temp);
        args.Add(repositoryReference);
        var result = await RunAsync(args, null, ct);
        if (result.ExitCode != 0)
        {
            throw new SkopeoException($"list-tags {repositoryReference}", result);
        }
        try
        {
            var tags = JsonNode.Parse(result.Stdout)?["Tags"]?.AsArray() ?? [];
            return [.. tags.Select(t => (string?)t ?? "")];
        }
        catch (JsonException ex)
        {
            throw new SkopeoException($"skopeo list-tags printed something that is not JSON: {ex.Message}", ex);
        }
    }

    private static IReadOnlyList<string> TlsArgsFor(RegistryServer registry, string prefix)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.CertificateDirectory is { } dir
            ? [$"--{prefix}cert-dir={dir}", $"--{prefix}tls-verify=true"]
            : [$"--{prefix}tls-verify=false"];
    }

    private static void AddEndpointArgs(List<string> args, List<string> extra, string reference, RegistryCredentials? credentials, string prefix, TempDirectory temp)
    {
        if (!reference.StartsWith("docker://", StringComparison.Ordinal))
        {
            return;
        }
        if (!extra.Any(a => a.StartsWith($"--{prefix}tls-verify", StringComparison.Ordinal) || a.StartsWith($"--{prefix}cert-dir", StringComparison.Ordinal)))
        {
            args.Add($"--{prefix}tls-verify=false");
        }
        if (credentials is not null)
        {
            args.Add($"--{prefix}authfile={WriteAuthFile(temp, prefix, reference, credentials)}");
        }
    }

    private static void AddQueryArgs(List<string> args, string reference, RegistryCredentials? credentials, bool tlsVerify, string? certDirectory, TempDirectory temp)
    {
        if (!reference.StartsWith("docker://", StringComparison.Ordinal))
        {
            return;
        }
        args.Add(tlsVerify || certDirectory is not null ? "--tls-verify=true" : "--tls-verify=false");
        if (certDirectory is not null)
        {
            args.Add($"--cert-dir={certDirectory}");
        }
        if (credentials is not null)
        {
            args.Add($"--authfile={WriteAuthFile(temp, "query-", reference, credentials)}");
        }
    }

    private static string WriteAuthFile(TempDirectory temp, string prefix, string reference, RegistryCredentials credentials)
    {
        var rest = reference["docker://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? rest : rest[..slash];
        var json = new JsonObject
        {
            ["auths"] = new JsonObject { [host] = new JsonObject { ["auth"] = credentials.ToBasicHeaderValue() } },
        };
        var path = temp.Combine(prefix + "auth.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
