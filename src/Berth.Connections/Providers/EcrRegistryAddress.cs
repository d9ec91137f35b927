using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Berth.Connections.Providers;

/// <summary>
/// The parts of an ECR registry host: <c>&lt;account&gt;.dkr.ecr[-fips].&lt;region&gt;.amazonaws.com[.cn]</c>, and the
/// form of an AWS region code.
/// </summary>
public sealed partial record EcrRegistryAddress(string AccountId, string Region, bool IsChina)
{
    // AWS region codes: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1, eusc-de-east-1 …
    // Letters, digits and hyphens only, so a region can never change the host of the URL it goes into.
    private const string RegionGrammar = "[a-z]{2,4}(-[a-z]+){1,3}-[0-9]{1,2}";

    public static bool TryParse(string host, [NotNullWhen(true)] out EcrRegistryAddress? address)
    {
        var match = Pattern().Match(host ?? "");
        address = match.Success
            ? new EcrRegistryAddress(match.Groups["account"].Value, match.Groups["region"].Value, match.Groups["cn"].Success)
            : null;
        return address is not null;
    }

    /// <summary>Whether <paramref name="region"/> has the form of an AWS region code (case ignored).</summary>
    public static bool IsRegion([NotNullWhen(true)] string? region) => region is not null && RegionCode().IsMatch(region);

    [GeneratedRegex(@"^(?<account>[0-9]{12})\.dkr\.ecr(-fips)?\.(?<region>" + RegionGrammar + @")\.amazonaws\.com(?<cn>\.cn)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    [GeneratedRegex("^" + RegionGrammar + "$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RegionCode();
}
