using System.Text.Json;
using Berth.Cli.Remote;
using Berth.Connections;
using Berth.Errors;
using Berth.References;

namespace Berth.Cli.Kubelet;

/// <summary>
/// The kubelet's exec credential provider (credentialprovider.kubelet.k8s.io/v1): a <c>CredentialProviderRequest</c> on
/// stdin, one <c>CredentialProviderResponse</c> on stdout, exit 0. The image is resolved to a connection by the longest
/// host/namespace prefix, from the local store or, in remote mode, the Berth server. The response is built whole and
/// written once, so the kubelet never reads half of one; any failure is one line on stderr and exit 1.
/// </summary>
internal static class KubeletCredentialProvider
{
    public const string ProgramName = "berth-credential-provider";
    public const string RequestApiVersion = "credentialprovider.kubelet.k8s.io/v1";
    public const string RequestKind = "CredentialProviderRequest";
    public const string ResponseKind = "CredentialProviderResponse";

    /// <summary>The request is a few hundred bytes; more than this is not a kubelet.</summary>
    private const int MaxRequestChars = 1024 * 1024;

    /// <param name="stdin">The request.</param>
    /// <param name="stdout">The response, written once.</param>
    /// <param name="stderr">Errors and notes.</param>
    /// <param name="dataDirectoryOption">--data-dir; null uses BERTH_HOME or ~/.berth.</param>
    /// <param name="databaseOption">--database; null uses BERTH_DATABASE.</param>
    /// <param name="time">The clock for the cache duration.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<int> RunAsync(TextReader stdin, TextWriter stdout, TextWriter stderr, string? dataDirectoryOption, string? databaseOption,
        TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(time);
        string response;
        try
        {
            var request = await ReadRequestAsync(stdin, ct).ConfigureAwait(false);
            if (!ImageReference.TryParse(request.Image, out var image, out var imageError))
            {
                throw new UsageException($"CredentialProviderRequest.image '{request.Image}' is not an image reference: {imageError}");
            }

            await using var backend = CredentialBackend.Open(DataDirectory.Resolve(dataDirectoryOption), Store.StoreAccess.DatabaseOf(databaseOption), "kubelet-credential-provider");
            var resolved = await backend.ResolveAsync($"{image.Registry.Name}/{image.Repository}", "kubelet credential provider", ct).ConfigureAwait(false);
            var pair = resolved?.ForBasicAuth();
            if (resolved is null || pair is null)
            {
                await stderr.WriteLineAsync($"{ProgramName}: no saved connection serves {image.Familiar}; answering without credentials").ConfigureAwait(false);
            }

            response = JsonSerializer.Serialize(new CredentialProviderResponse(
                request.ApiVersion!,
                ResponseKind,
                // The kubelet caches per registry host; a namespaced connection's answer holds only its own key, so it
                // must not stand for every image on that host.
                resolved is not null && resolved.Key.Contains('/', StringComparison.Ordinal) ? "Image" : "Registry",
                resolved is null || pair is null ? "0s" : KubeletCacheDuration.For(resolved.ExpiresAt, time.GetUtcNow()),
                resolved is not null && pair is { } p ? new Dictionary<string, KubeletAuthConfig> { [resolved.Key] = new(p.Username, p.Password) } : []),
                KubeletJsonContext.Default.CredentialProviderResponse);
        }
        catch (Exception e) when (e is BerthException or JsonException or IOException or UnauthorizedAccessException or System.Data.Common.DbException
            or HttpRequestException)
        {
            await stderr.WriteLineAsync($"{ProgramName}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return e is BerthException berth ? ExitCodes.For(berth.Category) : ExitCodes.Failed;
        }

        await stdout.WriteLineAsync(response).ConfigureAwait(false);
        await stdout.FlushAsync(ct).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<CredentialProviderRequest> ReadRequestAsync(TextReader stdin, CancellationToken ct)
    {
        var buffer = new char[MaxRequestChars + 1];
        var length = 0;
        int read;
        while (length <= MaxRequestChars && (read = await stdin.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length > MaxRequestChars)
        {
            throw new UsageException($"the CredentialProviderRequest on stdin is larger than {MaxRequestChars / 1024} KiB; the kubelet sends a few hundred bytes");
        }

        var text = new string(buffer, 0, length);
        if (text.Trim().Length == 0)
        {
            throw new UsageException($"expected a {RequestKind} ({RequestApiVersion}) on stdin, as the kubelet sends it: {{\"apiVersion\":\"{RequestApiVersion}\",\"kind\":\"{RequestKind}\",\"image\":\"registry.example.com/team/app:1.0\"}}");
        }

        CredentialProviderRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(text, KubeletJsonContext.Default.CredentialProviderRequest);
        }
        catch (JsonException e)
        {
            throw new UsageException($"the {RequestKind} on stdin is not valid JSON: {e.Message}");
        }

        if (request is null || request.ApiVersion != RequestApiVersion || request.Kind != RequestKind)
        {
            throw new UsageException(
                $"expected apiVersion '{RequestApiVersion}' and kind '{RequestKind}', got '{request?.ApiVersion}' and '{request?.Kind}'; set apiVersion: {RequestApiVersion} for this provider in the kubelet's CredentialProviderConfig");
        }

        return string.IsNullOrWhiteSpace(request.Image)
            ? throw new UsageException($"the {RequestKind} names no image")
            : request;
    }
}
