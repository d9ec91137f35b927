using Berth.Auth;
using Berth.Connections.Capabilities;
using Berth.Connections.Providers;
using Berth.Distribution;
using Berth.Errors;
using Berth.Transport;

namespace Berth.Connections.Verification;

/// <summary>
/// Checks a connection the way a user would: the credential can be obtained, the registry answers
/// <c>/v2/</c>, it accepts the credential, and each listed repository can be listed. A listed
/// repository without tags is a warning, not a failure (Halyard's rule).
/// </summary>
public sealed class ConnectionVerifier(RegistryClientFactory clients)
{
    public async Task<VerifyReport> VerifyAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var steps = new List<VerifyStep>();
        var credentials = clients.Credentials(connection);

        ProviderCredential credential;
        try
        {
            credential = await credentials.GetProviderCredentialAsync(cancellationToken).ConfigureAwait(false);
            var who = credential.Credential.IsAnonymous ? "anonymous access" : $"obtained for {credential.Credential}";
            steps.Add(new VerifyStep("credentials", VerifyOutcome.Ok,
                credential.ExpiresAt is { } exp ? $"{who}; expires {exp:u}" : who));
        }
        catch (Exception ex) when (ex is ProviderCredentialException or PasswordCommandException or PasswordFileException
            or ConnectionValidationException or RestrictedAddressException or HttpRequestException or IOException)
        {
            steps.Add(new VerifyStep("credentials", VerifyOutcome.Failed, ex.Message));
            return new VerifyReport(steps, null);
        }

        using var client = clients.Create(connection);
        PingResult ping;
        try
        {
            ping = await client.PingAsync(cancellationToken).ConfigureAwait(false);
            steps.Add(new VerifyStep("reach", VerifyOutcome.Ok, $"{ping.BaseUri}v2/ answered ({ping.ApiVersion ?? "no API version header"})"));
            steps.Add(ping.Authenticated
                ? new VerifyStep("authenticate", VerifyOutcome.Ok, ping.Challenge is null ? "no authentication required" : $"{ping.Challenge.Scheme} accepted")
                : new VerifyStep("authenticate", VerifyOutcome.Failed, $"registry {client.Registry} answered 401 to /v2/ ({(credential.Credential.IsAnonymous ? "no credentials were given" : "the credentials were refused")})"));
        }
        catch (Exception ex) when (ex is RegistryUnreachableException
            || ex is RestrictedAddressException { Origin: ErrorOrigin.Registry } refused && RegistryAddressed(client, refused))
        {
            steps.Add(new VerifyStep("reach", VerifyOutcome.Failed, ex.Message));
            return new VerifyReport(steps, credential.ExpiresAt);
        }
        catch (Exception ex) when (ex is RegistryException or InsecureTokenRealmException or RestrictedAddressException)
        {
            // The registry answered, then led to a token realm (or a redirect) Berth refuses or cannot use.
            steps.Add(new VerifyStep("reach", VerifyOutcome.Ok, $"registry {client.Registry} answered"));
            steps.Add(new VerifyStep("authenticate", VerifyOutcome.Failed, ex.Message));
            return new VerifyReport(steps, credential.ExpiresAt);
        }

        if (steps[^1].Outcome == VerifyOutcome.Failed)
        {
            return new VerifyReport(steps, credential.ExpiresAt);
        }

        foreach (var repository in connection.Options.Repositories)
        {
            steps.Add(await ListTagsStepAsync(client, repository, cancellationToken).ConfigureAwait(false));
        }

        if (connection.Options.Repositories.Count == 0)
        {
            steps.Add(new VerifyStep("repositories", VerifyOutcome.Skipped, "no repositories are listed on this connection, so no tags were checked"));
        }

        var capabilities = await CapabilityProbe.ProbeAsync(client, connection, ping, cancellationToken).ConfigureAwait(false);
        steps.Add(new VerifyStep("capabilities", VerifyOutcome.Ok, CapabilitySummary.Describe(capabilities)));
        return new VerifyReport(steps, credential.ExpiresAt) { Capabilities = capabilities };
    }

    /// <summary>Whether a refusal concerns the registry's own host (its DNS), not a place it sent Berth to.</summary>
    private static bool RegistryAddressed(RegistryClient client, RestrictedAddressException refused) =>
        string.Equals(refused.Host.Trim('[', ']'), client.Registry.Hostname.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);

    private static async Task<VerifyStep> ListTagsStepAsync(RegistryClient client, string repository, CancellationToken cancellationToken)
    {
        var name = $"tags {repository}";
        try
        {
            var count = 0;
            await foreach (var _ in client.ListTagsAsync(repository, cancellationToken).ConfigureAwait(false))
            {
                count++;
            }

            return count == 0
                ? new VerifyStep(name, VerifyOutcome.Warning, $"repository {repository} has no tags")
                : new VerifyStep(name, VerifyOutcome.Ok, $"{count} tag{(count == 1 ? "" : "s")}");
        }
        catch (RegistryException ex) when (ex.HasCode(RegistryErrorCodes.NameUnknown))
        {
            // Distribution answers NAME_UNKNOWN for a repository that has never had a tag.
            return new VerifyStep(name, VerifyOutcome.Warning, $"repository {repository} has no tags (the registry does not know it yet)");
        }
        catch (Exception ex) when (ex is RegistryException or RegistryUnreachableException or RestrictedAddressException)
        {
            return new VerifyStep(name, VerifyOutcome.Failed, ex.Message);
        }
    }
}
