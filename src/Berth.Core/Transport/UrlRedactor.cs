using System.Text;

namespace Berth.Transport;

/// <summary>
/// Makes URLs safe to show: user info dropped, query values hidden except the paging and digest
/// parameters that help a reader (upload URLs carry signed state, S3 redirects carry signatures).
/// </summary>
public static class UrlRedactor
{
    private static readonly HashSet<string> Visible = new(StringComparer.OrdinalIgnoreCase)
    {
        "n", "last", "digest", "mount", "from", "service", "scope",
    };

    public static string Redact(Uri? uri)
    {
        if (uri is null)
        {
            return "";
        }

        if (!uri.IsAbsoluteUri)
        {
            return uri.OriginalString.Split('?')[0];
        }

        var sb = new StringBuilder();
        sb.Append(uri.Scheme).Append("://").Append(uri.Authority).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            sb.Append('?');
            var first = true;
            foreach (var pair in query.Split('&'))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? pair : pair[..eq];
                if (!first)
                {
                    sb.Append('&');
                }

                first = false;
                sb.Append(key);
                if (eq >= 0)
                {
                    sb.Append('=').Append(Visible.Contains(Uri.UnescapeDataString(key)) ? pair[(eq + 1)..] : "REDACTED");
                }
            }
        }

        return sb.ToString();
    }
}
