namespace Berth.DockerConfig;

/// <summary>
/// What a docker credential helper stores and returns: <c>{"ServerURL","Username","Secret"}</c>.
/// A username of <c>&lt;token&gt;</c> means <see cref="Secret"/> is an identity token. <see cref="ToString"/> hides the secret.
/// </summary>
public sealed record HelperCredential(string ServerUrl, string Username, string Secret)
{
    /// <summary>The username helpers use to mark an identity token.</summary>
    public const string IdentityTokenUsername = "<token>";

    public bool IsIdentityToken => Username == IdentityTokenUsername;

    /// <summary>The credential as a config-file entry: an identity token or a username and password.</summary>
    public DockerAuthEntry ToAuthEntry() => IsIdentityToken
        ? DockerAuthEntry.FromIdentityToken(Secret)
        : DockerAuthEntry.FromPassword(Username, Secret);

    public override string ToString() => $"HelperCredential {{ ServerUrl = {ServerUrl}, Username = {Username}, Secret = *** }}";
}
