using System.Text.Json;
using Berth.Distribution;

namespace Berth.Connections.Providers;

/// <summary>
/// ECR refuses pushes to repositories nobody created; a connection with create-repositories calls the ECR API's
/// <c>CreateRepository</c> (SigV4) first. <c>RepositoryAlreadyExistsException</c> is what an existing one answers: success.
/// </summary>
internal sealed class EcrRepositoryCreator(EcrProvider provider, Connection connection, ProviderContext context) : IRepositoryCreator
{
    public const string Target = "AmazonEC2ContainerRegistry_V20150921.CreateRepository";
    public const string AlreadyExists = "RepositoryAlreadyExistsException";

    public async Task EnsureAsync(string repository, CancellationToken cancellationToken)
    {
        var url = ConnectionAddress.Of(connection);
        var registryId = EcrRegistryAddress.TryParse(url.Host.Hostname, out var address) ? address.AccountId : null;
        var reply = await provider.CallAsync(connection, url, Target, Body(registryId, repository), context, cancellationToken).ConfigureAwait(false);
        if (reply.Ok || reply.Code == AlreadyExists)
        {
            return;
        }

        throw new RepositoryCreationException(
            $"ECR refused CreateRepository '{repository}' for access key {reply.AccessKeyId} in {reply.Region} ({reply.Status}{(reply.Code is null ? "" : " " + reply.Code)}{(reply.Message is null ? "" : ": " + reply.Message)}); "
            + $"allow the key ecr:CreateRepository, or create the repository yourself (aws ecr create-repository --repository-name {repository})",
            reply.Status);
    }

    private static byte[] Body(string? registryId, string repository)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (registryId is not null)
            {
                json.WriteString("registryId", registryId);
            }

            json.WriteString("repositoryName", repository);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
