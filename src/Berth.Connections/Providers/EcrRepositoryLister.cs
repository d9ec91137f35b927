using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Berth.Connections.Providers;

/// <summary>
/// ECR's registry API has no useful catalog for an IAM key, so repositories come from the ECR API's
/// <c>DescribeRepositories</c> (SigV4, AWS JSON 1.1), paged with <c>nextToken</c>, 1000 at most per page.
/// </summary>
internal static class EcrRepositoryLister
{
    public const string Target = "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories";

    /// <summary>The largest <c>maxResults</c> ECR accepts.</summary>
    public const int MaxResults = 1000;

    public static async IAsyncEnumerable<string> ListAsync(Connection connection, RegistryUrl url, ProviderContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var provider = (EcrProvider)ProviderCatalog.Get("ecr");
        var registryId = EcrRegistryAddress.TryParse(url.Host.Hostname, out var address) ? address.AccountId : null;
        string? next = null;
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page == 0 || next is not null; page++)
        {
            if (page >= ListingHttp.MaxPages || (next is not null && !tokens.Add(next)))
            {
                throw new RepositoryListingException($"the ECR API kept sending pages (or repeated a nextToken) while listing the repositories of connection '{connection.Name}'; stopped");
            }

            var reply = await provider.CallAsync(connection, url, Target, Body(registryId, next), context, cancellationToken).ConfigureAwait(false);
            if (!reply.Ok)
            {
                throw new RepositoryListingException(
                    $"ECR refused DescribeRepositories for access key {reply.AccessKeyId} in {reply.Region} ({reply.Status}{(reply.Code is null ? "" : " " + reply.Code)}{(reply.Message is null ? "" : ": " + reply.Message)}); "
                    + $"allow the key ecr:DescribeRepositories, or name the repositories: berth repos {connection.Name} --repositories team/app,team/tool",
                    reply.Status);
            }

            using var document = ListingHttp.Parse(reply.Body, "ECR API", "DescribeRepositories");
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("repositories", out var repositories) || repositories.ValueKind != JsonValueKind.Array)
            {
                throw new RepositoryListingException("the ECR API answered DescribeRepositories without a repositories list");
            }

            foreach (var repository in repositories.EnumerateArray())
            {
                if (ProviderHttp.String(repository, "repositoryName") is { Length: > 0 } name)
                {
                    yield return name;
                }
            }

            next = ProviderHttp.String(root, "nextToken") is { Length: > 0 } token ? token : null;
        }
    }

    private static byte[] Body(string? registryId, string? nextToken)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (registryId is not null)
            {
                json.WriteString("registryId", registryId);
            }

            json.WriteNumber("maxResults", MaxResults);
            if (nextToken is not null)
            {
                json.WriteString("nextToken", nextToken);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
