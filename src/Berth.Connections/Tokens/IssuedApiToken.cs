namespace Berth.Connections.Tokens;

/// <summary>A token just created: the only moment its text exists outside the client that holds it.</summary>
public sealed class IssuedApiToken(ApiToken token, string secret)
{
    public ApiToken Token { get; } = token;

    /// <summary>The bearer token text; show it once and never log it.</summary>
    public string Secret { get; } = secret;

    public override string ToString() => $"IssuedApiToken({Token.Id:D}, {Token.Role.ToName()}, secret redacted)";
}
