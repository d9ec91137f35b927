using Berth.References;

namespace Berth.Server.Registries;

/// <summary>Splits a connection URL (<c>[scheme://]host[:port][/namespace]</c>) into scheme, host and namespace path.</summary>
internal static class ConnectionAddress
{
    public static bool TryParse(string? url, out string? scheme, out RegistryHost host, out string path, out string? error)
    {
        scheme = null;
        host = default;
        path = "";
        var text = (url ?? "").Trim();
        if (text.Length == 0)
        {
            error = "the registry URL is required";
            return false;
        }

        var sep = text.IndexOf("://", StringComparison.Ordinal);
        if (sep >= 0)
        {
            scheme = text[..sep].ToLowerInvariant();
            if (scheme is not ("http" or "https"))
            {
                error = $"the registry URL must use http or https, not '{scheme}'";
                return false;
            }

            text = text[(sep + 3)..];
        }

        text = text.TrimEnd('/');
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var hostText = slash < 0 ? text : text[..slash];
        path = slash < 0 ? "" : text[(slash + 1)..];
        if (path.Length > 0 && (path.StartsWith("v2", StringComparison.Ordinal) && (path.Length == 2 || path[2] == '/')))
        {
            path = path.Length == 2 ? "" : path[3..];
        }

        if (!RegistryHost.TryParse(hostText, out host, out var hostError))
        {
            error = $"'{hostText}' is not a registry host: {hostError}";
            return false;
        }

        if (path.Length > 0 && !string.Equals(path, path.ToLowerInvariant(), StringComparison.Ordinal))
        {
            error = $"the namespace path must be lowercase: '{path}'";
            return false;
        }

        error = null;
        return true;
    }
}
