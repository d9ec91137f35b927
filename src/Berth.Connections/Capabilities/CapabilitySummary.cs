using System.Globalization;

namespace Berth.Connections.Capabilities;

/// <summary>One line a person reads: the verify step's message, the CLI table's row.</summary>
public static class CapabilitySummary
{
    public static string Describe(RegistryCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var parts = new List<string>
        {
            capabilities.TokenService is { } realm ? $"auth {capabilities.Auth} ({realm})" : $"auth {capabilities.Auth}",
            capabilities.Catalog switch
            {
                CatalogSupport.Yes => "catalog lists repositories",
                CatalogSupport.Empty => "catalog answers empty",
                _ => "no catalog",
            },
            capabilities.MaxPageSize is { } n ? string.Create(CultureInfo.InvariantCulture, $"tag pages up to {n}") : "tag page size unknown",
            $"mount {YesNo(capabilities.Mount)}",
            $"delete {YesNo(capabilities.Delete)}",
            $"referrers API {YesNo(capabilities.Referrers)}",
        };
        if (capabilities.RateLimit is { } rate)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"rate limit {rate.Remaining?.ToString(CultureInfo.InvariantCulture) ?? "?"} of {rate.Limit?.ToString(CultureInfo.InvariantCulture) ?? "?"}{(rate.WindowSeconds is { } w ? $" per {w} s" : "")}"));
        }

        return string.Join("; ", parts);
    }

    private static string YesNo(bool? value) => value switch
    {
        true => "yes",
        false => "no",
        null => "unknown",
    };
}
