using Berth.Connections;

namespace Berth.Server.Hosting;

/// <summary>First run: the organization <c>default</c> and one admin token, printed once and never again.</summary>
internal static class Bootstrap
{
    public const string DefaultOrganization = "default";

    public static async Task<Organization> RunAsync(ServerStores stores, TextWriter output, CancellationToken cancellationToken)
    {
        var organization = await stores.Connections.EnsureOrganizationAsync(DefaultOrganization, cancellationToken).ConfigureAwait(false);
        var issued = await stores.Tokens.CreateBootstrapAsync(organization.Id, cancellationToken).ConfigureAwait(false);
        if (issued is not null)
        {
            await output.WriteLineAsync($"""

                berth: first run - created organization '{organization.Name}' and its bootstrap admin token (id {issued.Token.Id:D}).
                berth: it is shown only now; sign in to the dashboard or call the API with it:

                    {issued.Secret}

                """).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return organization;
    }
}
