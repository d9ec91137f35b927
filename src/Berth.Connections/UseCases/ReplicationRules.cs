using System.Text.RegularExpressions;
using Berth.Connections.Providers;
using Berth.Connections.Replication;
using Berth.Content;
using Berth.References;
using Berth.Transfer.Sync;

namespace Berth.Connections.UseCases;

/// <summary>Field rules of a replication policy, each error naming the field and the fix.</summary>
internal static partial class ReplicationRules
{
    public static ReplicationDefinition Validate(ReplicationInput input, IReplicationScheduler scheduler, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(new("name", "a name is required, e.g. mirror-prod"));
        }
        else if (!NamePattern().IsMatch(input.Name.Trim()))
        {
            errors.Add(new("name", $"'{input.Name}' is not a valid name: use letters, digits, '.', '_' and '-' (at most 64), starting with a letter or digit"));
        }

        if (string.IsNullOrWhiteSpace(input.SourceRegistry))
        {
            errors.Add(new("sourceRegistry", "the source registry (a saved connection's name) is required"));
        }

        if (string.IsNullOrWhiteSpace(input.DestinationRegistry))
        {
            errors.Add(new("destinationRegistry", "the destination registry (a saved connection's name) is required"));
        }

        var repositories = (input.Repositories ?? []).Select(r => r?.Trim().Trim('/') ?? "").ToList();
        foreach (var repository in repositories)
        {
            if (!ImageReference.TryParse("registry.invalid/" + repository, out _, out var error) || repository.Length == 0)
            {
                errors.Add(new("repositories", $"'{repository}' is not a repository name: {(repository.Length == 0 ? "it is empty" : error)}"));
            }
        }

        Check("repositoriesRegex", input.RepositoriesRegex, errors);
        Check("tagsRegex", input.TagsRegex, errors);
        if (!string.IsNullOrWhiteSpace(input.Semver))
        {
            try
            {
                _ = SemanticVersionRange.Parse(input.Semver);
            }
            catch (FormatException e)
            {
                errors.Add(new("semver", e.Message));
            }
        }

        var platforms = (input.Platforms ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
        if (platforms.Count > 1)
        {
            errors.Add(new("platforms", "give one platform (e.g. linux/amd64) or none to copy multi-platform images whole"));
        }

        foreach (var platform in platforms)
        {
            try
            {
                _ = Platform.Parse(platform);
            }
            catch (FormatException e)
            {
                errors.Add(new("platforms", e.Message));
            }
        }

        var ns = (input.DestinationNamespace ?? "").Trim().Trim('/');
        if (ns.Length > 0 && !ImageReference.TryParse("registry.invalid/" + ns, out _, out var nsError))
        {
            errors.Add(new("destinationNamespace", $"'{ns}' is not a valid repository path: {nsError}"));
        }

        var cron = string.IsNullOrWhiteSpace(input.Cron) ? null : input.Cron.Trim();
        if (cron is not null && scheduler.ExplainInvalidCron(cron) is { } why)
        {
            errors.Add(new("cron", $"'{cron}' is not a valid cron expression: {why}. Quartz cron has six or seven fields, seconds first, e.g. '0 0/15 * * * ?' for every 15 minutes"));
        }

        return new ReplicationDefinition
        {
            Repositories = repositories.Count == 0 ? null : repositories,
            RepositoriesRegex = Blank(input.RepositoriesRegex),
            TagsRegex = Blank(input.TagsRegex),
            Semver = Blank(input.Semver),
            Platforms = platforms.Count == 0 ? null : platforms,
            DestinationNamespace = ns,
            Cron = cron,
            OnChange = input.OnChange ?? false,
            Overwrite = input.Overwrite ?? true,
            DryRun = input.DryRun ?? false,
            Referrers = input.Referrers ?? false,
        };
    }

    public static TagFilter TagFilterOf(ReplicationDefinition definition) =>
        new(definition.TagsRegex, definition.Semver is null ? null : SemanticVersionRange.Parse(definition.Semver));

    public static Regex? RepositoriesRegexOf(ReplicationDefinition definition) =>
        definition.RepositoriesRegex is null ? null : new Regex(definition.RepositoriesRegex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static void Check(string field, string? regex, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(regex))
        {
            return;
        }

        try
        {
            _ = new Regex(regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            errors.Add(new(field, $"'{regex}' is not a valid regular expression: {e.Message}"));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
