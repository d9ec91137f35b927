namespace Berth.Connections;

/// <summary>Per-connection behaviour (Halyard's advanced account settings); none of these values is secret.</summary>
public sealed record ConnectionOptions
{
    public static ConnectionOptions Default { get; } = new();

    /// <summary>Repositories to index when the registry has no catalog (Docker Hub, GHCR) or to narrow one.</summary>
    public IReadOnlyList<string> Repositories { get; init; } = [];

    /// <summary>Only repositories whose name matches this regular expression are indexed.</summary>
    public string? RepositoriesRegex { get; init; }

    /// <summary>Plain HTTP, or HTTPS without certificate verification.</summary>
    public bool Insecure { get; init; }

    /// <summary>PEM bundle of extra certificate authorities trusted for this registry.</summary>
    public string? CaBundlePem { get; init; }

    public TimeSpan? ClientTimeout { get; init; }

    /// <summary>How long catalog/tag listings and password-command output stay cached.</summary>
    public TimeSpan? CacheInterval { get; init; }

    public int? PaginateSize { get; init; }

    /// <summary>
    /// The path under which the Registry API lives (<c>artifactory/api/docker/REPO-KEY</c>, a reverse proxy's prefix):
    /// requests go to <c>HOST/&lt;ApiPath&gt;/v2/</c>. Null: at the host's root (or, for jfrog, read from the URL).
    /// </summary>
    public string? ApiPath { get; init; }

    /// <summary>
    /// ECR only: create a repository (ECR's CreateRepository) before the first push to it, since ECR refuses pushes
    /// to repositories nobody created. Off by default: creating repositories is an IAM permission many keys lack.
    /// </summary>
    public bool CreateRepositories { get; init; }

    public bool SortTagsByDate { get; init; }

    public bool TrackDigests { get; init; }

    /// <summary>File whose content is the password (read when needed, never copied into the store).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Command (argv, no shell) whose standard output is the password.</summary>
    public IReadOnlyList<string> PasswordCommand { get; init; } = [];

    // Lists compare by content so a stored-and-reloaded value equals the original.
    public bool Equals(ConnectionOptions? other) =>
        other is not null
        && Repositories.SequenceEqual(other.Repositories, StringComparer.Ordinal)
        && string.Equals(RepositoriesRegex, other.RepositoriesRegex, StringComparison.Ordinal)
        && Insecure == other.Insecure
        && string.Equals(CaBundlePem, other.CaBundlePem, StringComparison.Ordinal)
        && ClientTimeout == other.ClientTimeout
        && CacheInterval == other.CacheInterval
        && PaginateSize == other.PaginateSize
        && string.Equals(ApiPath, other.ApiPath, StringComparison.Ordinal)
        && CreateRepositories == other.CreateRepositories
        && SortTagsByDate == other.SortTagsByDate
        && TrackDigests == other.TrackDigests
        && string.Equals(PasswordFile, other.PasswordFile, StringComparison.Ordinal)
        && PasswordCommand.SequenceEqual(other.PasswordCommand, StringComparer.Ordinal);

    public override int GetHashCode() =>
        HashCode.Combine(Repositories.Count, RepositoriesRegex, Insecure, ClientTimeout, CacheInterval, PaginateSize, PasswordFile, PasswordCommand.Count);
}
