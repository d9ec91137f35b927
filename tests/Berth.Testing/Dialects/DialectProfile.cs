namespace Berth.Testing.Dialects;

/// <summary>How a <see cref="DialectServer"/> authenticates clients.</summary>
public enum DialectAuth
{
    /// <summary>No authentication (the registry behind is open).</summary>
    None,

    /// <summary>Basic on every request (ECR: user <c>AWS</c>, the password from GetAuthorizationToken).</summary>
    Basic,

    /// <summary>Docker token auth: Bearer challenge naming a token service on another port (another origin).</summary>
    Bearer,
}

/// <summary>How <c>/v2/_catalog</c> answers.</summary>
public enum DialectCatalog
{
    /// <summary>Passed through to Distribution.</summary>
    Standard,

    /// <summary>Docker Hub: 401 <c>insufficient_scope</c> for <c>registry:catalog:*</c>, whatever the token.</summary>
    InsufficientScope,

    /// <summary>GHCR: 404 (the endpoint does not exist).</summary>
    NotFound,

    /// <summary>Google Artifact Registry: 200 <c>{"repositories":[]}</c> although repositories exist.</summary>
    Empty,
}

/// <summary>Docker Hub's pull quota: GET manifests count, HEADs do not; <c>RateLimit-*</c> headers on manifest answers.</summary>
public sealed record DialectRateLimit(int Limit, int WindowSeconds);

/// <summary>
/// One registry's dialect, as its documentation and public issue reports describe it. A <see cref="DialectServer"/>
/// speaks it in front of a real (open) Distribution registry. Presets are in <see cref="DialectProfiles"/>.
/// </summary>
public sealed record DialectProfile
{
    public required string Name { get; init; }

    public DialectAuth Auth { get; init; } = DialectAuth.None;

    /// <summary>Users and passwords the Basic check or the token service accepts.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>Per user, repository prefixes the user may pull, push and delete (Docker Hub: the user's namespace).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UserNamespaces { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Repository prefixes anyone (an anonymous token) may pull, when they exist.</summary>
    public IReadOnlyList<string> PublicRepositories { get; init; } = [];

    /// <summary>Bearer: the token service refuses anonymous requests for scopes it grants nothing of (GHCR 401); else it issues an empty token (Docker Hub).</summary>
    public bool TokenServiceRefusesAnonymous { get; init; }

    /// <summary>Bearer: a token without the needed access gets 403 <c>DENIED</c> (GHCR) instead of Docker Hub's 401 <c>insufficient_scope</c>.</summary>
    public bool DeniedAs403 { get; init; }

    /// <summary>The token service's <c>service</c> parameter.</summary>
    public string Service { get; init; } = "registry.test";

    public DialectCatalog Catalog { get; init; } = DialectCatalog.Standard;

    /// <summary>Larger <c>n</c> is refused with 400 <c>UNSUPPORTED</c> (ECR: 1000).</summary>
    public int? MaxPageSize { get; init; }

    /// <summary>The page size the server uses for <c>tags/list</c> when <c>n</c> is absent or larger (ECR 100, Quay 50); null passes tags/list through.</summary>
    public int? PageSize { get; init; }

    /// <summary>Quay: <c>Link</c> carries an opaque <c>next_page</c> cursor, and <c>last</c> is ignored.</summary>
    public bool CursorPaging { get; init; }

    /// <summary>GAR/GCR: tags/list also carries <c>child</c> and a <c>manifest</c> map.</summary>
    public bool ExtraTagFields { get; init; }

    /// <summary>ECR: a repository must be created before anything is pushed to it; an upload to a missing one is 404 <c>NAME_UNKNOWN</c>.</summary>
    public bool RepositoriesMustExist { get; init; }

    /// <summary>ECR's registry id, named in its <c>NAME_UNKNOWN</c> messages.</summary>
    public string RegistryId { get; init; } = "123456789012";

    /// <summary>ECR: a cross-repository mount is answered 202 with an upload session instead of 201.</summary>
    public bool MountAnswers202 { get; init; }

    public DialectRateLimit? RateLimit { get; init; }

    /// <summary>Errors as some registries and proxies send them: <c>"code":"404"</c> as a string, a plain-text 401.</summary>
    public bool NonStandardErrors { get; init; }

    /// <summary>
    /// A repository whose tags are Docker schema 1 manifests, as registries that still hold them serve them: tag
    /// <c>signed</c> re-signed on every GET (<c>…v1+prettyjws</c>), tag <c>unsigned</c> plain (<c>…v1+json</c>).
    /// </summary>
    public string? Schema1Repository { get; init; }

    /// <summary>How long the token service waits before answering.</summary>
    public TimeSpan TokenDelay { get; init; }
}
