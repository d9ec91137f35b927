namespace Berth.Testing.Dialects;

/// <summary>
/// Presets, each written from the provider's documentation and public issue reports (not from Berth's behaviour):
/// <list type="bullet">
/// <item>ECR: Basic with user <c>AWS</c>; <c>n</c> over 1000 refused with 400 <c>UNSUPPORTED</c> "Invalid parameter at 'maxResults'
/// failed to satisfy constraint: 'Member must have value less than or equal to 1000'" (go-containerregistry#681); tag pages of
/// 100 with <c>Link</c> (genuinetools/reg#206); a mount answered 202; pushing to a repository never created: 404 <c>NAME_UNKNOWN</c>
/// "The repository with name '…' does not exist in the registry with id '…'".</item>
/// <item>Docker Hub: token service at another origin that issues a token whatever it grants (docker/hub-feedback#1771);
/// 401 <c>insufficient_scope</c> with <c>detail</c> [{Type, Class, Name, Action}] for a repository that does not exist or
/// may not be pulled (docker-registry#1071, distribution#2624); <c>_catalog</c> always 401 insufficient_scope
/// (hub-feedback#2094); <c>RateLimit-Limit: 100;w=21600</c> and 429 <c>TOOMANYREQUESTS</c>.</item>
/// <item>GHCR: anonymous tokens for public packages, the token endpoint answering 401 to anonymous callers for others
/// (openai/tunnel-client#75), 403 <c>DENIED</c> "denied" (securecodebox#2574); no catalog.</item>
/// <item>Quay: tag pages of 50 whose <c>Link</c> carries an opaque <c>next_page</c> cursor, <c>last</c> ignored
/// (ivanilves/lstags#185, regclient#272).</item>
/// <item>GAR: <c>_catalog</c> answers <c>{"repositories":[]}</c>; tags/list carries <c>child</c> and <c>manifest</c> beside <c>tags</c>.</item>
/// </list>
/// </summary>
public static class DialectProfiles
{
    public const string EcrPassword = "ecr-registry-password-0123456789";
    public const string HubUser = "hubuser";
    public const string HubPassword = "dckr_pat_fake-0123456789";
    public const string GhcrUser = "octocat";
    public const string GhcrPassword = "ghp_fakeToken0123456789";
    public const string QuayUser = "org+robot";
    public const string QuayPassword = "quay-robot-token-0123";

    public static DialectProfile Ecr(string password = EcrPassword) => new()
    {
        Name = "ecr",
        Auth = DialectAuth.Basic,
        Users = new Dictionary<string, string> { ["AWS"] = password },
        MaxPageSize = 1000,
        PageSize = 100,
        MountAnswers202 = true,
        RepositoriesMustExist = true,
    };

    public static DialectProfile DockerHub(DialectRateLimit? rateLimit = null) => new()
    {
        Name = "dockerhub",
        Auth = DialectAuth.Bearer,
        Service = "registry.docker.io",
        Users = new Dictionary<string, string> { [HubUser] = HubPassword },
        UserNamespaces = new Dictionary<string, IReadOnlyList<string>> { [HubUser] = [HubUser + "/"] },
        PublicRepositories = ["library/"],
        Catalog = DialectCatalog.InsufficientScope,
        RateLimit = rateLimit ?? new DialectRateLimit(100, 21600),
    };

    public static DialectProfile Ghcr() => new()
    {
        Name = "ghcr",
        Auth = DialectAuth.Bearer,
        Service = "ghcr.io",
        Users = new Dictionary<string, string> { [GhcrUser] = GhcrPassword },
        UserNamespaces = new Dictionary<string, IReadOnlyList<string>> { [GhcrUser] = [GhcrUser + "/"] },
        PublicRepositories = ["public/"],
        TokenServiceRefusesAnonymous = true,
        DeniedAs403 = true,
        Catalog = DialectCatalog.NotFound,
    };

    public static DialectProfile Quay() => new()
    {
        Name = "quay",
        Auth = DialectAuth.Basic,
        Users = new Dictionary<string, string> { [QuayUser] = QuayPassword },
        PageSize = 50,
        CursorPaging = true,
    };

    public static DialectProfile Gar() => new()
    {
        Name = "gar",
        Catalog = DialectCatalog.Empty,
        ExtraTagFields = true,
        PageSize = 1000,
    };

    /// <summary>A Basic registry (behind some proxy) whose 401 is plain text and whose error codes are HTTP statuses in strings.</summary>
    public static DialectProfile NonStandard() => new()
    {
        Name = "nonstandard",
        Auth = DialectAuth.Basic,
        Users = new Dictionary<string, string> { ["user"] = "pw" },
        NonStandardErrors = true,
    };

    /// <summary>Docker Hub's token auth whose token service hangs for <paramref name="delay"/> while the registry answers at once.</summary>
    public static DialectProfile SlowTokenService(TimeSpan delay) => DockerHub() with { Name = "slowtoken", TokenDelay = delay };
}
