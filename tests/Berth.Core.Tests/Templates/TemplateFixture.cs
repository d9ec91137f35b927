using Berth.Templates;

namespace Berth.Core.Tests.Templates;

/// <summary>The build every template test renders against: Wednesday 2026-03-04 05:06:07.089 UTC.</summary>
internal static class TemplateFixture
{
    public static readonly DateTimeOffset Instant = new(2026, 3, 4, 5, 6, 7, 89, TimeSpan.Zero);

    public static TagTemplateData Data(Func<TagTemplateData, TagTemplateData>? tweak = null)
    {
        var data = new TagTemplateData
        {
            ProjectID = "1234",
            BuildID = "5678-abc",
            RepoName = "berth",
            Branch = "feature/login",
            CommitID = "0123456789abcdef0123456789abcdef01234567",
            CommitMessage = "Fix: login bug",
            CommitDescription = "",
            CommitterName = "Ada Lovelace",
            CommitterEmail = "ada@example.com",
            CommitterUsername = "ada",
            Time = new GoTime(Instant),
            StepName = "push_app",
            ServiceName = "app",
            ImageName = "registry.example.com/team/app",
        };
        return tweak is null ? data : tweak(data);
    }

    public static string Raw(string template) => TagTemplate.Parse(template).RenderRaw(Data());
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
