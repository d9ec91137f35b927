using Berth.Connections.Providers;
using Berth.References;

namespace Berth.Connections.Resolution;

/// <summary>
/// Picks the connection that serves an image: same registry host (Docker Hub's aliases are one
/// host), and the longest namespace path that is a prefix of the repository — the most specific
/// wins, as in containers-auth.json. A path matches whole components only: <c>team</c> serves
/// <c>team/app</c>, not <c>teamwork/app</c>.
/// </summary>
public static class ConnectionResolver
{
    public static Resolution Resolve(ImageReference image, IEnumerable<Connection> connections)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(connections);
        var candidates = connections.Select(c => Weigh(c, image.Registry, image.Repository)).ToList();
        return Decide(image.Name, image.Registry, candidates);
    }

    /// <summary>As <see cref="Resolve(ImageReference, IEnumerable{Connection})"/>, for a repository already split from its registry.</summary>
    public static Resolution Resolve(RegistryHost host, string repository, IEnumerable<Connection> connections)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(connections);
        var candidates = connections.Select(c => Weigh(c, host, repository)).ToList();
        return Decide($"{host.Name}/{repository}", host, candidates);
    }

    /// <summary>For registry-wide operations (catalog): a connection to the host, the one without a namespace first.</summary>
    public static Resolution ResolveHost(RegistryHost host, IEnumerable<Connection> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var candidates = connections.Select(c => Weigh(c, host, null)).ToList();
        return Decide(host.Name, host, candidates);
    }

    private static Resolution Decide(string subject, RegistryHost host, List<ResolutionCandidate> candidates)
    {
        var matches = candidates.Where(c => c.Matches)
            .OrderByDescending(c => c.Specificity)
            .ThenBy(c => c.Connection.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (matches.Count == 0)
        {
            var reason = candidates.Count == 0
                ? $"no connections are saved; {subject} is accessed anonymously"
                : $"no connection serves registry {host.Name}{(candidates.Any(c => c.Why.StartsWith("same host", StringComparison.Ordinal)) ? " with a namespace that covers it" : "")}; {subject} is accessed anonymously";
            return new Resolution(subject, null, reason, candidates);
        }

        var best = matches[0];
        var why = best.Why;
        if (matches.Count > 1)
        {
            var runnerUp = matches[1];
            why += runnerUp.Specificity == best.Specificity
                ? $"; '{runnerUp.Connection.Name}' matches equally, '{best.Connection.Name}' wins by name order"
                : $"; more specific than '{runnerUp.Connection.Name}'";
        }

        return new Resolution(subject, best.Connection, why, candidates);
    }

    private static ResolutionCandidate Weigh(Connection connection, RegistryHost host, string? repository)
    {
        var url = ConnectionUrl(connection);
        if (url is null)
        {
            return new ResolutionCandidate(connection, false, -1, $"URL '{connection.Url}' cannot be parsed");
        }

        if (!string.Equals(url.Host.Name, host.Name, StringComparison.OrdinalIgnoreCase))
        {
            return new ResolutionCandidate(connection, false, -1, $"different registry ({url.Host.Name})");
        }

        if (!url.HasPath)
        {
            return new ResolutionCandidate(connection, true, 0, $"'{connection.Name}' connects to {url.Host.Name} with no namespace, so it serves every repository there");
        }

        if (repository is null)
        {
            return new ResolutionCandidate(connection, true, -url.Path.Length,
                $"'{connection.Name}' connects to {url.Host.Name} (namespace {url.Path})");
        }

        var covers = repository == url.Path || repository.StartsWith(url.Path + "/", StringComparison.Ordinal);
        return covers
            ? new ResolutionCandidate(connection, true, url.Path.Length, $"'{connection.Name}' serves namespace {url.Host.Name}/{url.Path}, a prefix of {repository}")
            : new ResolutionCandidate(connection, false, -1, $"same host, but namespace {url.Path} does not cover {repository}");
    }

    private static RegistryUrl? ConnectionUrl(Connection connection) =>
        ConnectionAddress.TryOf(connection, out var url, out _) ? url : null;
}
