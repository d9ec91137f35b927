using System.Diagnostics;

namespace Berth.Processes;

/// <summary>
/// The environment Berth gives the programs it starts on a user's behalf (password commands, docker credential
/// helpers): the user's own environment without Berth's. Every <c>BERTH_*</c> variable is withheld — the master
/// key (<c>BERTH_MASTER_KEY</c>), the database connection string with its password (<c>BERTH_DATABASE</c>), API
/// tokens (<c>BERTH_TOKEN</c>) and any added later — except <see cref="Kept"/>, which hold no secret. Deny by
/// default, so a new variable cannot leak by being forgotten here.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>The prefix of Berth's own variables.</summary>
    public const string Prefix = "BERTH_";

    /// <summary>
    /// Berth variables a child still gets: <c>BERTH_HOME</c>, a directory path, so a helper that is itself
    /// <c>berth</c> finds the same data directory.
    /// </summary>
    public static IReadOnlyList<string> Kept { get; } = ["BERTH_HOME"];

    /// <summary>True for a variable children do not get.</summary>
    public static bool IsWithheld(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && !Kept.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Removes the withheld variables from what <paramref name="start"/> passes to the child.</summary>
    public static ProcessStartInfo Scrub(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        foreach (var name in start.Environment.Keys.Where(IsWithheld).ToList())
        {
            start.Environment.Remove(name);
        }

        return start;
    }
}
