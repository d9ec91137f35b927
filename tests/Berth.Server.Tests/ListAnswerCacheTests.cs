using Berth.Server.Api;

namespace Berth.Server.Tests;

/// <summary>The kept list answers stay within their byte bound and are used only at the version they were built at.</summary>
public sealed class ListAnswerCacheTests
{
    [Fact]
    public void Kept_json_never_exceeds_the_byte_bound_however_many_large_pages_are_answered()
    {
        var cache = new ListAnswerCache();
        var page = new byte[700 * 1024];
        for (var i = 0; i < 200; i++)
        {
            cache.Set($"org|*|/api/v1/registries?limit=1000&cursor={i}", new ListAnswer(7, page, null));
            Assert.InRange(cache.Size.Bytes, 0, ListAnswerCache.MaxBytes);
        }

        Assert.InRange(cache.Size.Count, 1, (int)(ListAnswerCache.MaxBytes / page.Length));
        Assert.True(cache.TryGet("org|*|/api/v1/registries?limit=1000&cursor=199", 7, out _));
    }

    [Fact]
    public void An_answer_is_used_only_at_its_version()
    {
        var cache = new ListAnswerCache();
        cache.Set("k", new ListAnswer(3, [1, 2, 3], "</api/v1/registries?cursor=x>; rel=\"next\""));

        Assert.True(cache.TryGet("k", 3, out var kept));
        Assert.Equal("</api/v1/registries?cursor=x>; rel=\"next\"", kept.Link);
        Assert.False(cache.TryGet("k", 4, out _));
        Assert.False(cache.TryGet("other", 3, out _));
    }
}
