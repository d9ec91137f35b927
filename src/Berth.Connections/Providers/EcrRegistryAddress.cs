using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Berth.Connections.Providers;

/// <summary>
/// The parts of an ECR registry host: <c>&lt;account&gt;.dkr.ecr[-fips].&lt;region&gt;.amazonaws.com[.cn]</c>.
/// </summary>
public sealed partial record EcrRegistryAddress(string AccountId, string Region, bool IsChina)
{
    public static bool TryParse(string host, [NotNullWhen(true)] out EcrRegistryAddress? address)
    {
        var match = Pattern().Match(host ?? "");
        address = match.Success
            ? new EcrRegistryAddress(match.Groups["account"].Value, match.Groups["region"].Value, match.Groups["cn"].Success)
            : null;
        return address is not null;
    }

    [GeneratedRegex(@"^(?<account>[0-9]{12})\.dkr\.ecr(-fips)?\.(?<region>[a-z]{2}(-[a-z]+)+-[0-9]+)\.amazonaws\.com(?<cn>\.cn)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
