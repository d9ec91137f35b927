using System.Globalization;

namespace Berth.Templates;

/// <summary>
/// The values an image tag template can use, as the Codeship <c>image_tag</c> documentation lists them.
/// Every field is a string except <see cref="Time"/> (a Go <c>time.Time</c>) and <see cref="Timestamp"/>
/// (Unix seconds, an <c>int</c> in templates).
/// </summary>
public sealed class TagTemplateData
{
    private long? _timestamp;
    private string? _stringTime;

    /// <summary>The field names templates use, in documentation order.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        nameof(ProjectID), nameof(BuildID), nameof(RepoName), nameof(Branch), nameof(CommitID), nameof(CommitMessage),
        nameof(CommitDescription), nameof(CommitterName), nameof(CommitterEmail), nameof(CommitterUsername), nameof(Time),
        nameof(Timestamp), nameof(StringTime), nameof(StepName), nameof(ServiceName), nameof(ImageName), nameof(Ci), nameof(CiName),
    ];

    /// <summary>Codeship-style CI environment variables <see cref="FromVariables"/> understands, with the field each fills.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; } =
    [
        new("CI_PROJECT_ID", nameof(ProjectID)),
        new("CI_BUILD_ID", nameof(BuildID)),
        new("CI_BUILD_NUMBER", nameof(BuildID)),
        new("CI_REPO_NAME", nameof(RepoName)),
        new("CI_BRANCH", nameof(Branch)),
        new("CI_COMMIT_ID", nameof(CommitID)),
        new("CI_COMMIT_MESSAGE", nameof(CommitMessage)),
        new("CI_MESSAGE", nameof(CommitMessage)),
        new("CI_COMMIT_DESCRIPTION", nameof(CommitDescription)),
        new("CI_COMMITTER_NAME", nameof(CommitterName)),
        new("CI_COMMITTER_EMAIL", nameof(CommitterEmail)),
        new("CI_COMMITTER_USERNAME", nameof(CommitterUsername)),
        new("CI_TIMESTAMP", nameof(Timestamp)),
        new("CI_STRING_TIME", nameof(StringTime)),
        new("CI", nameof(Ci)),
        new("CI_NAME", nameof(CiName)),
    ];

    /// <summary>The Codeship-defined project ID.</summary>
    public string ProjectID { get; init; } = "";

    /// <summary>The Codeship-defined build ID.</summary>
    public string BuildID { get; init; } = "";

    /// <summary>The repository name according to the SCM.</summary>
    public string RepoName { get; init; } = "";

    /// <summary>The current branch.</summary>
    public string Branch { get; init; } = "";

    /// <summary>The commit hash or ID.</summary>
    public string CommitID { get; init; } = "";

    /// <summary>The commit message.</summary>
    public string CommitMessage { get; init; } = "";

    /// <summary>The commit description.</summary>
    public string CommitDescription { get; init; } = "";

    /// <summary>The name of the person who committed the change.</summary>
    public string CommitterName { get; init; } = "";

    /// <summary>The email of the person who committed the change.</summary>
    public string CommitterEmail { get; init; } = "";

    /// <summary>The username of the person who committed the change.</summary>
    public string CommitterUsername { get; init; } = "";

    /// <summary>The build time; templates call its methods, e.g. <c>.Time.Format "20060102"</c>.</summary>
    public GoTime Time { get; init; }

    /// <summary>Unix seconds of the build time; follows <see cref="Time"/> unless set.</summary>
    public long Timestamp
    {
        get => _timestamp ?? Time.Unix;
        init => _timestamp = value;
    }

    /// <summary>A readable build time; RFC 3339 of <see cref="Time"/> (<c>2006-01-02T15:04:05Z07:00</c>) unless set.</summary>
    public string StringTime
    {
        get => _stringTime ?? GoTime.FormatRfc3339(Time);
        init => _stringTime = value;
    }

    /// <summary>The user-defined name of the push step.</summary>
    public string StepName { get; init; } = "";

    /// <summary>The user-defined name of the service.</summary>
    public string ServiceName { get; init; } = "";

    /// <summary>The user-defined name of the image.</summary>
    public string ImageName { get; init; } = "";

    /// <summary>Defaults to <c>true</c>.</summary>
    public string Ci { get; init; } = "true";

    /// <summary>Defaults to <c>codeship</c>.</summary>
    public string CiName { get; init; } = "codeship";

    /// <summary>
    /// Builds the data from <c>Name=Value</c> pairs: documented field names (case-sensitive, e.g. <c>Branch</c>)
    /// and Codeship CI variables (<c>CI_BRANCH</c>, …; see <see cref="EnvironmentVariables"/>). A field name wins
    /// over a CI variable for the same field. Other keys are ignored. <c>Time</c> takes RFC 3339; without it the
    /// time comes from <c>Timestamp</c>/<c>CI_TIMESTAMP</c> (Unix seconds), else from <paramref name="time"/>.
    /// </summary>
    /// <exception cref="TagVariableException">A <c>Time</c> or <c>Timestamp</c> value that does not parse.</exception>
    public static TagTemplateData FromVariables(IReadOnlyDictionary<string, string> vars, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(vars);
        ArgumentNullException.ThrowIfNull(time);

        (string Key, string Value)? Lookup(string field)
        {
            if (vars.TryGetValue(field, out var direct))
            {
                return (field, direct);
            }

            foreach (var (env, target) in EnvironmentVariables)
            {
                if (target == field && vars.TryGetValue(env, out var value))
                {
                    return (env, value);
                }
            }

            return null;
        }

        string Get(string field, string fallback = "") => Lookup(field)?.Value ?? fallback;

        long? timestamp = null;
        if (Lookup(nameof(Timestamp)) is var (tsKey, tsText))
        {
            timestamp = long.TryParse(tsText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts)
                && ts is >= -62135596800 and <= 253402300799
                ? ts
                : throw new TagVariableException(tsKey, "is not a Unix timestamp in seconds (e.g. 1772600767)");
        }

        GoTime buildTime;
        if (vars.TryGetValue(nameof(Time), out var timeText))
        {
            buildTime = GoTime.TryParseRfc3339(timeText.Trim(), out var parsed)
                ? parsed
                : throw new TagVariableException(nameof(Time), "is not an RFC 3339 time (e.g. 2026-03-04T05:06:07Z)");
        }
        else
        {
            buildTime = timestamp is { } seconds ? GoTime.FromUnixSeconds(seconds) : new GoTime(time.GetUtcNow());
        }

        var data = new TagTemplateData
        {
            ProjectID = Get(nameof(ProjectID)),
            BuildID = Get(nameof(BuildID)),
            RepoName = Get(nameof(RepoName)),
            Branch = Get(nameof(Branch)),
            CommitID = Get(nameof(CommitID)),
            CommitMessage = Get(nameof(CommitMessage)),
            CommitDescription = Get(nameof(CommitDescription)),
            CommitterName = Get(nameof(CommitterName)),
            CommitterEmail = Get(nameof(CommitterEmail)),
            CommitterUsername = Get(nameof(CommitterUsername)),
            Time = buildTime,
            StepName = Get(nameof(StepName)),
            ServiceName = Get(nameof(ServiceName)),
            ImageName = Get(nameof(ImageName)),
            Ci = Get(nameof(Ci), "true"),
            CiName = Get(nameof(CiName), "codeship"),
        };
        data._timestamp = timestamp;
        data._stringTime = Lookup(nameof(StringTime))?.Value;
        return data;
    }

    /// <summary>Looks a field up by its template name (case-sensitive, as Go's struct fields are).</summary>
    internal bool TryGetField(string name, out TemplateValue value)
    {
        value = name switch
        {
            nameof(ProjectID) => TemplateValue.Of(ProjectID),
            nameof(BuildID) => TemplateValue.Of(BuildID),
            nameof(RepoName) => TemplateValue.Of(RepoName),
            nameof(Branch) => TemplateValue.Of(Branch),
            nameof(CommitID) => TemplateValue.Of(CommitID),
            nameof(CommitMessage) => TemplateValue.Of(CommitMessage),
            nameof(CommitDescription) => TemplateValue.Of(CommitDescription),
            nameof(CommitterName) => TemplateValue.Of(CommitterName),
            nameof(CommitterEmail) => TemplateValue.Of(CommitterEmail),
            nameof(CommitterUsername) => TemplateValue.Of(CommitterUsername),
            nameof(Time) => TemplateValue.Of(Time),
            nameof(Timestamp) => TemplateValue.Of(Timestamp),
            nameof(StringTime) => TemplateValue.Of(StringTime),
            nameof(StepName) => TemplateValue.Of(StepName),
            nameof(ServiceName) => TemplateValue.Of(ServiceName),
            nameof(ImageName) => TemplateValue.Of(ImageName),
            nameof(Ci) => TemplateValue.Of(Ci),
            nameof(CiName) => TemplateValue.Of(CiName),
            _ => TemplateValue.Nil,
        };
        return value.Kind != ValueKind.Nil;
    }

    internal IEnumerable<TemplateValue> FieldValues()
    {
        foreach (var name in FieldNames)
        {
            TryGetField(name, out var value);
            yield return value;
        }
    }
}
