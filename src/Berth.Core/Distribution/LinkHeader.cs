namespace Berth.Distribution;

/// <summary>Finds the <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header.</summary>
public static class LinkHeader
{
    public static Uri? Next(HttpResponseMessage response, Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.NonValidated.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                var close = link.IndexOf('>', StringComparison.Ordinal);
                var open = link.IndexOf('<', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }

                var parameters = link[(close + 1)..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var isNext = parameters.Any(p =>
                {
                    var eq = p.IndexOf('=', StringComparison.Ordinal);
                    return eq > 0 && p[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase) &&
                        p[(eq + 1)..].Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase);
                });
                if (isNext)
                {
                    var target = link[(open + 1)..close].Trim();
                    return Uri.TryCreate(requestUri, target, out var uri) ? uri : null;
                }
            }
        }

        return null;
    }

    // Links are comma-separated, but a comma can sit inside <...> or a quoted parameter.
    private static IEnumerable<string> SplitLinks(string header)
    {
        var start = 0;
        var inAngle = false;
        var inQuote = false;
        for (var i = 0; i < header.Length; i++)
        {
            switch (header[i])
            {
                case '<' when !inQuote: inAngle = true; break;
                case '>' when !inQuote: inAngle = false; break;
                case '"' when !inAngle: inQuote = !inQuote; break;
                case ',' when !inAngle && !inQuote:
                    yield return header[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return header[start..];
    }
}
