using System.Net;
using System.Text;
using Berth.Auth;
using Berth.Distribution;
using Berth.Errors;
using Berth.References;
using Berth.Transport;

namespace Berth.Core.Tests.Distribution;

/// <summary>Behaviour a real registry cannot be made to show, against a scripted peer.</summary>
public sealed class RegistryClientScriptedTests
{
    private const string Challenge = "Bearer realm=\"https://auth.test/token\",service=\"registry.test\",scope=\"repository:team/app:pull\"";

    private static RegistryClient Client(ScriptedHandler handler, RegistryCredential? credential = null, TimeProvider? time = null,
        ITokenCache? cache = null, string registry = "registry.test", int? pageSize = null) =>
        new(new RegistryClientOptions
        {
            Registry = RegistryHost.Parse(registry),
            Credentials = new StaticCredentialProvider(credential ?? RegistryCredential.Basic("alice", "pa55word")),
            InnerHandler = handler,
            Time = time ?? new InstantTimeProvider(),
            TokenCache = cache ?? new MemoryTokenCache(),
            PageSize = pageSize,
            Retry = RetryPolicy.Default with { MaxRetries = 3 },
        });

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var i in items)
        {
            list.Add(i);
        }

        return list;
    }

    [Fact]
    public async Task Bearer_challenge_fetches_token_with_basic_and_scope_then_reuses_it()
    {
        var tokenCalls = 0;
        var handler = new ScriptedHandler((req, _) =>
        {
            if (req.RequestUri!.Host == "auth.test")
            {
                tokenCalls++;
                Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pa55word")), req.Headers.Authorization?.ToString());
                Assert.Contains("scope=repository%3Ateam%2Fapp%3Apull", req.RequestUri.Query, StringComparison.Ordinal);
                Assert.Contains("service=registry.test", req.RequestUri.Query, StringComparison.Ordinal);
                return ScriptedHandler.Json(HttpStatusCode.OK, "{\"access_token\":\"T1\",\"expires_in\":300}");
            }

            return req.Headers.Authorization?.ToString() == "Bearer T1"
                ? ScriptedHandler.Json(HttpStatusCode.OK, "{\"name\":\"team/app\",\"tags\":[\"1.0\",\"2.0\"]}")
                : ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}", ("WWW-Authenticate", Challenge));
        });
        using var client = Client(handler);

        Assert.Equal(["1.0", "2.0"], await Collect(client.ListTagsAsync("team/app")));
        Assert.Equal(["1.0", "2.0"], await Collect(client.ListTagsAsync("team/app")));
        Assert.Equal(1, tokenCalls);
        // First listing: 401, token, retry. Second: the cached token is sent up front.
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal("Bearer T1", handler.Requests[3].Authorization);
    }

    [Fact]
    public async Task Refused_token_is_renewed_once_then_the_401_is_reported()
    {
        var tokenCalls = 0;
        var handler = new ScriptedHandler((req, _) =>
        {
            if (req.RequestUri!.Host == "auth.test")
            {
                tokenCalls++;
                return ScriptedHandler.Json(HttpStatusCode.OK, $"{{\"token\":\"T{tokenCalls}\"}}");
            }

            return ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad token\"}]}", ("WWW-Authenticate", Challenge));
        });
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Collect(client.ListTagsAsync("team/app")));
        Assert.Equal(1, tokenCalls);
        Assert.True(ex.HasCode(RegistryErrorCodes.Unauthorized));
        Assert.Contains("registry.test", ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_cached_token_is_replaced_after_401()
    {
        var tokenCalls = 0;
        var handler = new ScriptedHandler((req, _) =>
        {
            if (req.RequestUri!.Host == "auth.test")
            {
                tokenCalls++;
                return ScriptedHandler.Json(HttpStatusCode.OK, $"{{\"token\":\"T{tokenCalls}\",\"expires_in\":3600}}");
            }

            // The registry only accepts the newest token: T1 "expired" server-side.
            return req.Headers.Authorization?.ToString() == $"Bearer T{tokenCalls}" && tokenCalls >= 2
                ? ScriptedHandler.Json(HttpStatusCode.OK, "{\"tags\":[\"x\"]}")
                : ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{}", ("WWW-Authenticate", Challenge));
        });
        var cache = new MemoryTokenCache();
        cache.Store(TokenCacheKey.Create("ad-hoc", "registry.test", [AccessScope.RepositoryPull("team/app")]), new BearerToken("T0", DateTimeOffset.UtcNow.AddHours(1)));
        using var client = Client(handler, cache: cache);

        // Prime "last challenge" so the cached token is sent up front.
        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Collect(client.ListTagsAsync("team/app")));
        Assert.Equal(["x"], await Collect(client.ListTagsAsync("team/app")));
        Assert.Equal(2, tokenCalls);
    }

    [Fact]
    public async Task Token_realm_over_http_is_refused_for_an_https_registry()
    {
        var handler = new ScriptedHandler((req, _) =>
            req.RequestUri!.Host == "auth.test"
                ? ScriptedHandler.Json(HttpStatusCode.OK, "{\"token\":\"leak\"}")
                : ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{}", ("WWW-Authenticate", "Bearer realm=\"http://auth.test/token\",service=\"s\"")));
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<InsecureTokenRealmException>(() => Collect(client.ListTagsAsync("team/app")));
        Assert.Contains("not https", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(handler.Requests, r => r.Uri.Host == "auth.test");
    }

    [Fact]
    public async Task Token_service_refusal_names_registry_and_code()
    {
        var handler = new ScriptedHandler((req, _) =>
            req.RequestUri!.Host == "auth.test"
                ? ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"incorrect username or password\"}]}")
                : ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{}", ("WWW-Authenticate", Challenge)));
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Collect(client.ListTagsAsync("team/app")));
        Assert.Contains("registry.test", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UNAUTHORIZED", ex.Message, StringComparison.Ordinal);
        Assert.Contains("alice", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_challenge_is_answered_with_credentials_and_then_sent_up_front()
    {
        var handler = new ScriptedHandler((req, _) =>
            req.Headers.Authorization?.Scheme == "Basic"
                ? ScriptedHandler.Json(HttpStatusCode.OK, "{\"tags\":[\"a\"]}")
                : ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{}", ("WWW-Authenticate", "Basic realm=\"Registry Realm\"")));
        using var client = Client(handler);

        await Collect(client.ListTagsAsync("x"));
        await Collect(client.ListTagsAsync("y"));
        Assert.Equal(3, handler.Requests.Count);
        Assert.StartsWith("Basic ", handler.Requests[2].Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_follow_link_headers_through_short_pages_until_no_link()
    {
        var handler = new ScriptedHandler((req, i) =>
        {
            var q = req.RequestUri!.Query;
            return q switch
            {
                "?n=3" => ScriptedHandler.Json(HttpStatusCode.OK, "{\"tags\":[\"a\",\"b\",\"c\"]}", ("Link", "</v2/team/app/tags/list?n=3&last=c>; rel=\"next\"")),
                // A short page that is not the last: only the Link header says so.
                "?n=3&last=c" => ScriptedHandler.Json(HttpStatusCode.OK, "{\"tags\":[\"d\"]}", ("Link", "<https://registry.test/v2/team/app/tags/list?n=3&last=d>; rel=\"next\"")),
                "?n=3&last=d" => ScriptedHandler.Json(HttpStatusCode.OK, "{\"tags\":[\"e\",\"f\"]}"),
                _ => ScriptedHandler.Status(HttpStatusCode.BadRequest),
            };
        });
        using var client = Client(handler, pageSize: 3);

        Assert.Equal(["a", "b", "c", "d", "e", "f"], await Collect(client.ListTagsAsync("team/app")));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_paging_loop_is_an_error_not_an_endless_listing()
    {
        var handler = new ScriptedHandler((_, _) =>
            ScriptedHandler.Json(HttpStatusCode.OK, "{\"repositories\":[\"a\"]}", ("Link", "</v2/_catalog?last=a>; rel=\"next\"")));
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<RegistryException>(() => Collect(client.ListRepositoriesAsync()));
        Assert.Contains("paging loop", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_429_waits_for_retry_after_then_succeeds_and_surfaces_rate_limit()
    {
        var time = new InstantTimeProvider();
        var handler = new ScriptedHandler((_, i) => i == 0
            ? ScriptedHandler.Json(HttpStatusCode.TooManyRequests, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}", ("Retry-After", "7"))
            : ScriptedHandler.Json(HttpStatusCode.OK, "{\"tags\":[\"a\"]}", ("RateLimit-Limit", "100;w=21600"), ("RateLimit-Remaining", "76;w=21600")));
        using var client = Client(handler, time: time);

        Assert.Equal(["a"], await Collect(client.ListTagsAsync("x")));
        Assert.Contains(TimeSpan.FromSeconds(7), time.Delays);
        Assert.Equal(1, client.Retries);
        Assert.Equal(new RateLimitBudget(100, 76, TimeSpan.FromHours(6)), client.RateLimit);
    }

    [Fact]
    public async Task Status_503_burst_is_retried_and_persistent_503_is_reported_as_transient()
    {
        var handler = new ScriptedHandler((_, i) => i < 2
            ? ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable)
            : ScriptedHandler.Json(HttpStatusCode.OK, "{\"tags\":[]}"));
        using (var client = Client(handler))
        {
            Assert.Empty(await Collect(client.ListTagsAsync("x")));
            Assert.Equal(2, client.Retries);
        }

        var always = new ScriptedHandler((_, _) => ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable));
        using var failing = Client(always);
        var ex = await Assert.ThrowsAsync<RegistryException>(() => Collect(failing.ListTagsAsync("x")));
        Assert.True(ex.IsTransient);
        Assert.Equal(4, always.Requests.Count);
    }

    [Fact]
    public async Task A_429_asking_for_a_longer_wait_than_the_policy_allows_is_transient_and_carries_the_wait()
    {
        var handler = new ScriptedHandler((_, _) =>
            ScriptedHandler.Json(HttpStatusCode.TooManyRequests, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}", ("Retry-After", "120")));
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<RegistryException>(() => Collect(client.ListTagsAsync("x")));
        Assert.Equal(ErrorCategory.Transient, ex.Category);
        Assert.Equal(ErrorOrigin.Registry, ex.Origin);
        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Credentials_refused_by_the_token_service_are_unauthenticated_and_the_token_services()
    {
        var handler = new ScriptedHandler((req, _) => req.RequestUri!.Host == "auth.test"
            ? ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"incorrect username or password\"}]}")
            : ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{}", ("WWW-Authenticate", Challenge)));
        using var client = Client(handler);

        var ex = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Collect(client.ListTagsAsync("team/app")));
        Assert.Equal(ErrorCategory.Unauthenticated, ex.Category);
        Assert.Equal(ErrorOrigin.TokenService, ex.Origin);
        Assert.StartsWith("token service auth.test of registry registry.test refused the credentials of 'alice'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(AccessRefusal.CredentialsRefused, ex.Refusal);
    }

    [Fact]
    public async Task Redirect_to_another_host_drops_authorization_same_host_keeps_it()
    {
        var digestBytes = Encoding.UTF8.GetBytes("hello blob");
        var digest = Digest.Sha256(digestBytes);
        var handler = new ScriptedHandler((req, _) =>
        {
            if (req.RequestUri!.Host == "cdn.test")
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(digestBytes) };
            }

            if (req.Headers.Authorization is null)
            {
                return ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{}", ("WWW-Authenticate", "Basic realm=\"r\""));
            }

            return req.RequestUri.AbsolutePath.EndsWith("/moved", StringComparison.Ordinal)
                ? ScriptedHandler.Status(HttpStatusCode.TemporaryRedirect, ("Location", "https://cdn.test/blob?X-Amz-Signature=abc"))
                : ScriptedHandler.Status(HttpStatusCode.TemporaryRedirect, ("Location", "/v2/team/app/blobs/moved"));
        });
        using var client = Client(handler);

        await using var stream = await client.GetBlobAsync("team/app", digest);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);

        Assert.Equal(digestBytes, buffer.ToArray());
        var cdn = Assert.Single(handler.Requests, r => r.Uri.Host == "cdn.test");
        Assert.Null(cdn.Authorization);
        Assert.Contains(handler.Requests, r => r.Uri.AbsolutePath.EndsWith("/moved", StringComparison.Ordinal) && r.Authorization != null);
    }

    [Fact]
    public async Task Redirect_from_https_to_http_is_refused()
    {
        var handler = new ScriptedHandler((_, _) => ScriptedHandler.Status(HttpStatusCode.Found, ("Location", "http://cdn.test/blob")));
        using var client = Client(handler, RegistryCredential.Anonymous);

        var ex = await Assert.ThrowsAsync<RegistryUnreachableException>(() => client.GetBlobAsync("a", Digest.Sha256([1])));
        Assert.Contains("downgrades https to http", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(handler.Requests, r => r.Uri.Scheme == "http");
    }

    [Fact]
    public async Task Not_found_manifest_reports_registry_error_code()
    {
        var handler = new ScriptedHandler((_, _) => ScriptedHandler.Json(HttpStatusCode.NotFound,
            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"nope\"}}]}"));
        using var client = Client(handler, RegistryCredential.Anonymous);

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("team/app", "nope"));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.True(ex.HasCode(RegistryErrorCodes.ManifestUnknown));
        Assert.Contains("MANIFEST_UNKNOWN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("registry.test", ex.Message, StringComparison.Ordinal);
        Assert.Equal("{\"Tag\":\"nope\"}", ex.Errors[0].Detail);
    }

    [Fact]
    public async Task Manifest_whose_bytes_do_not_match_docker_content_digest_is_rejected()
    {
        const string manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size\":1},\"layers\":[]}";
        var wrong = Digest.Sha256(Encoding.UTF8.GetBytes("other"));
        var handler = new ScriptedHandler((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, manifest, ("Docker-Content-Digest", wrong.Value)));
        using var client = Client(handler, RegistryCredential.Anonymous);

        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() => client.GetManifestAsync("a", "latest"));
        Assert.Equal(wrong.Value, ex.Expected);
    }

    [Fact]
    public async Task Blob_with_flipped_byte_fails_at_end_of_stream()
    {
        var good = Encoding.UTF8.GetBytes("layer-bytes-layer-bytes");
        var bad = (byte[])good.Clone();
        bad[3] ^= 0xff;
        var handler = new ScriptedHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bad) });
        using var client = Client(handler, RegistryCredential.Anonymous);

        await using var stream = await client.GetBlobAsync("a", Digest.Sha256(good), good.Length);
        await Assert.ThrowsAsync<DigestMismatchException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task Truncated_blob_fails_with_size_mismatch()
    {
        var good = Encoding.UTF8.GetBytes("0123456789");
        var handler = new ScriptedHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(good[..6]) });
        using var client = Client(handler, RegistryCredential.Anonymous);

        await using var stream = await client.GetBlobAsync("a", Digest.Sha256(good), good.Length);
        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Contains("6 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_token_uses_oauth_refresh_grant()
    {
        string? form = null;
        var handler = new ScriptedHandler((req, _) =>
        {
            if (req.RequestUri!.Host == "auth.test")
            {
                Assert.Equal(HttpMethod.Post, req.Method);
                form = req.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
                return ScriptedHandler.Json(HttpStatusCode.OK, "{\"access_token\":\"AT\",\"refresh_token\":\"RT2\",\"expires_in\":600}");
            }

            return req.Headers.Authorization?.ToString() == "Bearer AT"
                ? ScriptedHandler.Json(HttpStatusCode.OK, "{\"tags\":[\"v\"]}")
                : ScriptedHandler.Json(HttpStatusCode.Unauthorized, "{}", ("WWW-Authenticate", Challenge));
        });
        using var client = Client(handler, RegistryCredential.Identity("00000000-0000-0000-0000-000000000000", "refresh-abc"));

        Assert.Equal(["v"], await Collect(client.ListTagsAsync("team/app")));
        Assert.Contains("grant_type=refresh_token", form, StringComparison.Ordinal);
        Assert.Contains("refresh_token=refresh-abc", form, StringComparison.Ordinal);
        Assert.Contains("service=registry.test", form, StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_urls_are_redacted_in_messages()
    {
        var url = UrlRedactor.Redact(new Uri("https://user:pw@r.test/v2/a/blobs/uploads/u1?_state=SECRET&digest=sha256:ab&n=5"));
        Assert.Equal("https://r.test/v2/a/blobs/uploads/u1?_state=REDACTED&digest=sha256:ab&n=5", url);
    }
}
