using Berth.Connections.Paging;

namespace Berth.Connections.Tests.Paging;

public sealed class PageCursorTests
{
    [Theory]
    [InlineData(PageLists.Registries, false, "team-a", "0190c5a2-8d6e-7c3b-9f1a-2b3c4d5e6f70")]
    [InlineData(PageLists.Registries, true, "naïve/ünïcode name", "0190c5a2-8d6e-7c3b-9f1a-2b3c4d5e6f70")]
    [InlineData(PageLists.Audit, false, "", "42")]
    public void A_cursor_reads_back_as_itself_and_is_url_safe(string list, bool backward, string key, string id)
    {
        var cursor = new PageCursor(list, backward, key, id);
        var text = cursor.ToString();
        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.Equal(cursor, PageCursor.Parse(text, list));
    }

    [Theory]
    [InlineData("", "not a cursor")]
    [InlineData("not base64!", "not a cursor")]
    [InlineData("djEKcmVnaXN0cmllcw", "not a cursor")] // "v1\nregistries": too few parts
    [InlineData("djIKcmVnaXN0cmllcwo-CmEKMDE5MGM1YTItOGQ2ZS03YzNiLTlmMWEtMmIzYzRkNWU2Zjcw", "not a cursor")] // version v2
    [InlineData("djEKdG9rZW5zCj4KCjAxOTBjNWEyLThkNmUtN2MzYi05ZjFhLTJiM2M0ZDVlNmY3MA", "belongs to the tokens list")]
    [InlineData("djEKcmVnaXN0cmllcwo-CmEKNDI", "not a cursor")] // id 42 where a GUID belongs
    public void Anything_else_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(PageCursor.TryParse(text, PageLists.Registries, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PageCursor.Parse(text, PageLists.Registries));
    }

    [Theory]
    [InlineData("0", "limit")]
    [InlineData("1001", "limit")]
    [InlineData("ten", "limit")]
    [InlineData("-5", "limit")]
    public void A_limit_outside_1_to_1000_names_the_limit(string limit, string field)
    {
        Assert.False(PageRequest.TryParse(limit, null, PageLists.Registries, out _, out var at, out var error));
        Assert.Equal(field, at);
        Assert.Contains("1 to 1000", error, StringComparison.Ordinal);
        Assert.True(PageRequest.TryParse(null, null, PageLists.Registries, out var request, out _, out _));
        Assert.Equal(PageRequest.DefaultLimit, request.Limit);
    }

    [Fact]
    public void In_memory_pages_walk_forward_and_back_without_gaps_or_repeats()
    {
        var rows = Enumerable.Range(0, 7).Select(i => (Key: $"k{i}", Id: $"{i}")).ToList();
        Comparison<(string Key, string Id)> compare = (a, b) => string.CompareOrdinal(a.Key, b.Key);
        var seen = new List<string>();
        var page = Page.Of(rows, PageRequest.First(3), PageLists.Audit, r => r, compare);
        Assert.Null(page.Previous);
        seen.AddRange(page.Items.Select(r => r.Key));
        while (page.Next is { } next)
        {
            page = Page.Of(rows, new PageRequest(3, next), PageLists.Audit, r => r, compare);
            seen.AddRange(page.Items.Select(r => r.Key));
        }

        Assert.Equal(rows.Select(r => r.Key), seen);
        var back = Page.Of(rows, new PageRequest(3, page.Previous), PageLists.Audit, r => r, compare);
        Assert.Equal(["k3", "k4", "k5"], back.Items.Select(r => r.Key));
        Assert.NotNull(back.Next);
        Assert.NotNull(back.Previous);
    }
}
