namespace Berth.Testing;

/// <summary>Configuration of a <see cref="TokenIssuer"/>.</summary>
public sealed class TokenIssuerOptions
{
    /// <summary>Key in <see cref="Grants"/> for requests without credentials (used only when <see cref="AllowAnonymous"/>).</summary>
    public const string AnonymousUser = "";

    /// <summary>user → password, checked on HTTP Basic (GET) or the OAuth2 password grant (POST).</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether requests without an <c>Authorization</c> header get a token (with <see cref="AnonymousUser"/>'s grants).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>user (or <see cref="AnonymousUser"/>) → ACL. A token holds the intersection of what was asked and what this grants.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AccessGrant>> Grants { get; init; } =
        new Dictionary<string, IReadOnlyList<AccessGrant>>();

    /// <summary>The JWT <c>iss</c> claim; the registry is configured to trust exactly this issuer.</summary>
    public string IssuerName { get; init; } = "berth-test-issuer";

    public TokenSigningAlgorithm SigningAlgorithm { get; init; } = TokenSigningAlgorithm.ES256;

    /// <summary>Token lifetime (<c>exp</c> − <c>iat</c>) and the <c>expires_in</c> value answered.</summary>
    public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromMinutes(5);

    public TokenResponseField ResponseField { get; init; } = TokenResponseField.Token;

    /// <summary>Leave <c>expires_in</c> out of the answer (clients must then assume 60 s).</summary>
    public bool OmitExpiresIn { get; init; }

    /// <summary>Leave <c>issued_at</c> out of the answer.</summary>
    public bool OmitIssuedAt { get; init; }

    /// <summary>Whether <c>POST /token</c> (OAuth2 password / refresh_token grants) is served; when false it answers 404, as older auth servers do.</summary>
    public bool EnableOAuthPost { get; init; } = true;
}
