using Berth.Templates;

namespace Berth.Core.Tests.Templates;

/// <summary>
/// Codeship: "the resulting string will be stripped of any invalid tag characters". A tag is
/// [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: invalid characters are removed (not replaced), leading '.' and '-' go too,
/// and the result is cut to 128 characters.
/// </summary>
public sealed class TagSanitizeTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "{{ .CiName }}-{{ .Branch }}", "codeship-featurelogin" },
        { "{{ .CommitMessage }}", "Fixloginbug" },
        { "..--ab", "ab" },
        { "-_x", "_x" },
        { "v1.2.3+build", "v1.2.3build" },
        { "a/b:c@d", "abcd" },
        { "caf\u00e9-{{ .Time.Format \"2006.01.02\" }}", "caf-2026.03.04" },
        { "{{ .StringTime }}", "2026-03-04T050607Z" },
        { "{{ .ImageName }}", "registry.example.comteamapp" },
        { "  {{ .BuildID }}  ", "5678-abc" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Strips_characters_a_tag_may_not_hold(string template, string expected)
    {
        var tag = TagTemplate.RenderTag(template, TemplateFixture.Data());
        Assert.Equal(expected, tag);
        Assert.True(TagSanitizer.IsValid(tag));
    }

    [Fact]
    public void Cuts_to_128_characters()
    {
        var tag = TagTemplate.RenderTag(new string('a', 200), TemplateFixture.Data());
        Assert.Equal(new string('a', 128), tag);
    }

    [Fact]
    public void Cut_counts_only_kept_characters()
    {
        // 127 x, a '-' (kept: the 128th), then "yz" beyond the limit; the '/' characters in between are dropped first.
        var template = "//" + new string('x', 127) + "/-yz";
        Assert.Equal(new string('x', 127) + "-", TagTemplate.RenderTag(template, TemplateFixture.Data()));
    }

    [Fact]
    public void Empty_result_is_an_error()
    {
        var ex = Assert.Throws<TemplateException>(() => TagTemplate.RenderTag("{{ .CommitDescription }}--", TemplateFixture.Data()));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ex.Line);
    }

    [Fact]
    public void Render_raw_keeps_everything()
    {
        var raw = TagTemplate.Parse("{{ .CiName }}/{{ .Branch }}").RenderRaw(TemplateFixture.Data());
        Assert.Equal("codeship/feature/login", raw);
    }
}
