using Berth.Cli.Remote;
using Berth.DockerConfig;

namespace Berth.Cli.CredentialHelper;

internal static partial class CredentialHelperProtocol
{
    /// <summary>
    /// Remote mode: <c>get</c> and <c>list</c> ask the Berth server; <c>store</c> and <c>erase</c> are refused, since
    /// connections are managed on the server. No store, database or master key is opened here.
    /// </summary>
    private static async Task<int> RunRemoteAsync(string verb, RemoteLogin login, TextReader stdin, TextWriter stdout, CancellationToken ct)
    {
        switch (verb)
        {
            case "get":
                var serverUrl = (await stdin.ReadToEndAsync(ct).ConfigureAwait(false)).Trim();
                if (serverUrl.Length == 0)
                {
                    return await FailAsync(stdout, MissingServerUrl).ConfigureAwait(false);
                }

                using (var client = new RemoteClient(login))
                {
                    var resolved = await client.ResolveAsync(serverUrl, ct).ConfigureAwait(false);
                    return resolved?.ForCredentialHelper() is { } pair
                        ? await WriteCredentialAsync(stdout, new HelperCredential(serverUrl, pair.Username, pair.Secret)).ConfigureAwait(false)
                        : await FailAsync(stdout, CredentialHelperClient.NotFoundMessage).ConfigureAwait(false);
                }

            case "list":
                using (var client = new RemoteClient(login))
                {
                    return await WriteListAsync(stdout, await client.ServersAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
                }

            case "store" or "erase":
                return await FailAsync(stdout,
                    $"docker-credential-berth is in remote mode ({login.ServerText}): '{verb}' is refused, connections are managed on the Berth server "
                    + "(POST /api/v1/registries, the dashboard, or 'berth connect' where the store is); 'berth logout' (or unsetting BERTH_SERVER_URL) returns to the local store").ConfigureAwait(false);

            default:
                return await FailAsync(stdout, Usage).ConfigureAwait(false);
        }
    }
}
