using System.Diagnostics.CodeAnalysis;
using Berth.References;

namespace Berth.Connections.Providers;

/// <summary>
/// A connection URL split into its parts: optional scheme, registry host and namespace path.
/// <c>https://gcr.io/my-project</c> → scheme https, host gcr.io, path my-project. Query and fragment are refused.
/// </summary>
public sealed record RegistryUrl(string? Scheme, RegistryHost Host, string Path)
{
    public bool HasPath => Path.Length > 0;

    /// <summary>Path components (<c>team/app</c> → team, app).</summary>
    public IReadOnlyList<string> PathComponents => HasPath ? Path.Split('/') : [];

    /// <summary>The base URI to contact the registry's own endpoints (https unless the URL says http).</summary>
    public Uri BaseUri => new($"{Scheme ?? "https"}://{Host.ApiHost}/");

    public static RegistryUrl Parse(string url) =>
        TryParse(url, out var parsed, out var error) ? parsed : throw new ArgumentException(error, nameof(url));

    public static bool TryParse(string? url, [NotNullWhen(true)] out RegistryUrl? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var text = url?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "registry URL is empty";
            return false;
        }

        string? scheme = null;
        var marker = text.IndexOf("://", StringComparison.Ordinal);
        if (marker >= 0)
        {
            scheme = text[..marker].ToLowerInvariant();
            if (scheme is not ("http" or "https"))
            {
                error = $"registry URL '{text}' has scheme '{scheme}'; use https:// or http://, or leave the scheme out";
                return false;
            }

            text = text[(marker + 3)..];
        }

        if (text.IndexOfAny(['?', '#', '@']) >= 0)
        {
            error = $"registry URL '{url}' must be host[:port][/namespace] without user info, query or fragment";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var hostText = slash < 0 ? text : text[..slash];
        var path = slash < 0 ? "" : text[(slash + 1)..].Trim('/');
        if (!RegistryHost.TryParse(hostText, out var host, out var hostError))
        {
            error = $"registry URL '{url}': {hostError}";
            return false;
        }

        // Registry API v2 lives at /v2/; a URL ending in it (or Hub's legacy /v1/) names the registry itself.
        if (path is "v1" or "v2")
        {
            path = "";
        }

        if (path.Split('/').Any(c => c.Length == 0) && path.Length > 0)
        {
            error = $"registry URL '{url}' has an empty path component";
            return false;
        }

        parsed = new RegistryUrl(scheme, host, path);
        error = null;
        return true;
    }

    public override string ToString() => (Scheme is null ? "" : Scheme + "://") + Host.Name + (HasPath ? "/" + Path : "");
}
