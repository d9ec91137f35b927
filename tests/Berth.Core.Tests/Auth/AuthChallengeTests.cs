using Berth.Auth;

namespace Berth.Core.Tests.Auth;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Bearer_with_comma_inside_quoted_scope_is_one_parameter()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\""));
        Assert.True(c.IsBearer);
        Assert.Equal("https://auth.example.com/token", c.Realm);
        Assert.Equal("registry.example.com", c.Service);
        Assert.Equal("repository:a/b:pull,push", c.Scope);
    }

    [Fact]
    public void Service_may_be_absent()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Bearer realm=\"https://ghcr.io/token\",scope=\"repository:o/a:pull\""));
        Assert.Null(c.Service);
        Assert.Equal("https://ghcr.io/token", c.Realm);
    }

    [Fact]
    public void Basic_with_unquoted_realm_and_spaces_around_equals()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Basic realm = Registry"));
        Assert.True(c.IsBasic);
        Assert.Equal("Registry", c.Realm);
    }

    [Fact]
    public void Escaped_quote_inside_quoted_string()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("Bearer realm=\"https://a/token\",error=\"bad \\\"thing\\\"\""));
        Assert.Equal("bad \"thing\"", c.Error);
    }

    [Fact]
    public void Two_challenges_in_one_header()
    {
        var all = AuthChallenge.ParseAll("Basic realm=\"r1\", Bearer realm=\"https://a/token\",service=\"s\"");
        Assert.Equal(2, all.Count);
        Assert.True(all[0].IsBasic);
        Assert.Equal("r1", all[0].Realm);
        Assert.True(all[1].IsBearer);
        Assert.Equal("s", all[1].Service);
    }

    [Fact]
    public void Parameter_names_are_case_insensitive_and_scheme_kept()
    {
        var c = Assert.Single(AuthChallenge.ParseAll("bearer REALM=\"https://x/t\""));
        Assert.True(c.IsBearer);
        Assert.Equal("https://x/t", c.Realm);
    }

    [Theory]
    [InlineData("repository:team/app:pull,push", "repository", "team/app", "pull,push")]
    [InlineData("repository:localhost:5000/app:pull", "repository", "localhost:5000/app", "pull")]
    [InlineData("registry:catalog:*", "registry", "catalog", "*")]
    [InlineData("repository:a:push,pull,pull", "repository", "a", "pull,push")]
    public void Scopes_parse_with_colons_in_names(string text, string type, string name, string actions)
    {
        Assert.True(AccessScope.TryParse(text, out var scope));
        Assert.Equal(type, scope!.ResourceType);
        Assert.Equal(name, scope.ResourceName);
        Assert.Equal(actions, string.Join(',', scope.Actions));
    }

    [Fact]
    public void Merge_unions_actions_per_resource()
    {
        var merged = AccessScope.Merge([AccessScope.RepositoryPull("a"), AccessScope.RepositoryPush("a"), AccessScope.RepositoryPull("b")]);
        Assert.Equal(["repository:a:pull,push", "repository:b:pull"], merged.Select(s => s.ToString()));
    }

    [Fact]
    public void Cache_key_is_independent_of_scope_order_but_not_of_partition()
    {
        var a = TokenCacheKey.Create("c1", "Reg.Example", [AccessScope.RepositoryPull("x"), AccessScope.RepositoryPull("y")]);
        var b = TokenCacheKey.Create("c1", "reg.example", [AccessScope.RepositoryPull("y"), AccessScope.RepositoryPull("x")]);
        var c = TokenCacheKey.Create("c2", "reg.example", [AccessScope.RepositoryPull("x"), AccessScope.RepositoryPull("y")]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Credential_to_string_never_shows_secret()
    {
        var cred = RegistryCredential.Basic("alice", "s3cr3t-password");
        Assert.DoesNotContain("s3cr3t", cred.ToString(), StringComparison.Ordinal);
        Assert.Contains("alice", cred.ToString(), StringComparison.Ordinal);
    }
}
