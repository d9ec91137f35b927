using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Berth.References;

/// <summary>
/// An image reference such as <c>nginx</c>, <c>ghcr.io/org/app:1.2</c> or
/// <c>localhost:5000/team/app@sha256:…</c>, normalised the way docker and distribution/reference do it.
/// <code>
/// reference        := name [ ":" tag ] [ "@" digest ]
/// name             := [ registry-host "/" ] path
/// registry-host    := (domain-name | "[" ipv6-address "]") [ ":" port ]
/// domain-name      := domain-component ( "." domain-component )*
/// domain-component := /[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]/
/// port             := /[0-9]+/
/// path             := path-component ( "/" path-component )*
/// path-component   := alpha-numeric ( separator alpha-numeric )*
/// alpha-numeric    := /[a-z0-9]+/
/// separator        := /[._]|__|[-]+/
/// tag              := /[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/
/// digest           := algorithm ":" hex
/// algorithm        := /[a-z0-9]+(?:[.+_-][a-z0-9]+)*/
/// hex              := /[a-f0-9]{32,}/                    ; sha256: 64, sha512: 128
/// </code>
/// Normalisation and extra rules:
/// <list type="bullet">
/// <item>The first <c>/</c>-separated component is a registry host only if it contains <c>.</c> or
/// <c>:</c>, starts with <c>[</c>, or is <c>localhost</c>; otherwise the reference is on Docker Hub.
/// So <c>localhost:5000</c> on its own is Docker Hub's <c>library/localhost</c> with tag <c>5000</c>.</item>
/// <item><c>docker.io</c>, <c>index.docker.io</c> and <c>registry-1.docker.io</c> are Docker Hub; a
/// one-component Hub repository gets <c>library/</c>.</item>
/// <item>Neither tag nor digest means tag <c>latest</c>; a digest-only reference has no tag; with both,
/// the digest is what gets fetched.</item>
/// <item>Repositories are lowercase. Registry hosts are case-insensitive and kept lowercased.</item>
/// <item>The full name (<see cref="Name"/>: canonical host, <c>/</c>, repository) is at most 255 characters.</item>
/// <item>A reference without a registry host whose repository is 64 lowercase hex characters is rejected:
/// docker reads such a string as an image id (the tag or digest does not matter). With a host, or as a later
/// component (<c>library/&lt;hex&gt;</c>), it is allowed, and the familiar form then keeps <c>library/</c>.</item>
/// <item>The familiar form keeps <c>docker.io/</c> when the Hub repository's first component reads as a host
/// (<c>docker.io/r.io/app</c>, <c>docker.io/localhost/app</c>), so that it still parses back to the same reference.</item>
/// </list>
/// </summary>
public sealed record ImageReference
{
    /// <summary>Longest <see cref="Name"/> the grammar allows.</summary>
    public const int NameTotalLengthMax = 255;

    private const string LibraryPrefix = "library/";

    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    private ImageReference(RegistryHost registry, string repository, Tag? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
        Name = registry.Name + "/" + repository;
        FamiliarName = ToFamiliarName(registry, repository);
        var suffix = (tag is { } t ? ":" + t.Value : "") + (digest is { } d ? "@" + d.Value : "");
        Canonical = Name + suffix;
        Familiar = FamiliarName + suffix;
    }

    public RegistryHost Registry { get; }

    /// <summary>The path within the registry, e.g. <c>library/nginx</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag; <c>latest</c> when the input named neither tag nor digest, null for a digest-only reference.</summary>
    public Tag? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>Registry and repository: <c>docker.io/library/nginx</c>.</summary>
    public string Name { get; }

    /// <summary>The name as people type it: <c>nginx</c>, <c>user/app</c>, <c>ghcr.io/o/a</c>.</summary>
    public string FamiliarName { get; }

    /// <summary><c>name[:tag][@digest]</c> with the full name: <c>docker.io/library/nginx:latest</c>.</summary>
    public string Canonical { get; }

    /// <summary><c>name[:tag][@digest]</c> with the familiar name: <c>nginx:latest</c>.</summary>
    public string Familiar { get; }

    /// <summary>What goes in <c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>: the digest if there is one, else the tag.</summary>
    public string Reference => Digest?.Value ?? Tag?.Value ?? References.Tag.Latest.Value;

    /// <summary>The same repository at <paramref name="tag"/>. Any digest is dropped, so the result points at the tag.</summary>
    public ImageReference WithTag(Tag tag)
    {
        EnsureNotDefault(tag.Value, nameof(tag));
        return new ImageReference(Registry, Repository, tag, null);
    }

    /// <summary>The same repository pinned to <paramref name="digest"/>; the tag, if any, is kept for display.</summary>
    public ImageReference WithDigest(Digest digest)
    {
        EnsureNotDefault(digest.Value, nameof(digest));
        return new ImageReference(Registry, Repository, Tag, digest);
    }

    /// <summary>Another repository on the same registry, keeping tag and digest. Hub repositories get <c>library/</c> as usual.</summary>
    public ImageReference WithRepository(string repository) => Create(Registry, repository, Tag, Digest);

    public static ImageReference Parse(string s)
    {
        if (!TryParse(s, out var reference, out var error))
        {
            throw new ReferenceFormatException(s, error);
        }

        return reference;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(s, out reference, out _);

    /// <summary>Parses <paramref name="s"/>; on failure <paramref name="error"/> says which rule it breaks.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? s,
        [NotNullWhen(true)] out ImageReference? reference,
        [NotNullWhen(false)] out string? error)
    {
        reference = null;
        error = Scan(s, out var registry, out var repository, out var tag, out var digest);
        if (error is not null)
        {
            return false;
        }

        reference = new ImageReference(registry, repository!, tag ?? (digest is null ? References.Tag.Latest : null), digest);
        return true;
    }

    /// <summary>
    /// Builds a reference from parts. <paramref name="repository"/> is validated like a parsed path (a one-component
    /// Docker Hub repository gets <c>library/</c>); with neither tag nor digest the tag is <c>latest</c>.
    /// </summary>
    /// <exception cref="ReferenceFormatException">The repository breaks the grammar or the name is too long.</exception>
    public static ImageReference Create(RegistryHost registry, string repository, Tag? tag = null, Digest? digest = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (registry.Name.Length == 0)
        {
            throw new ArgumentException("registry is the default value; use RegistryHost.Parse or RegistryHost.DockerHub", nameof(registry));
        }

        if (tag is { } t)
        {
            EnsureNotDefault(t.Value, nameof(tag));
        }

        if (digest is { } d)
        {
            EnsureNotDefault(d.Value, nameof(digest));
        }

        var error = ValidatePath(repository) ?? NormaliseAndCheckLength(registry, ref repository);
        if (error is not null)
        {
            throw new ReferenceFormatException(registry.Name + "/" + repository, error);
        }

        return new ImageReference(registry, repository, tag ?? (digest is null ? References.Tag.Latest : null), digest);
    }

    public override string ToString() => Canonical;

    private static string? Scan(string? s, out RegistryHost registry, out string? repository, out Tag? tag, out Digest? digest)
    {
        registry = default;
        repository = null;
        tag = null;
        digest = null;
        if (string.IsNullOrEmpty(s))
        {
            return "reference is empty";
        }

        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "reference contains whitespace or a control character";
            }
        }

        if (s.Contains("://", StringComparison.Ordinal))
        {
            return "a reference has no URL scheme: drop the 'scheme://' prefix, e.g. 'ghcr.io/org/app:1.0'";
        }

        var rest = s;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = rest[(at + 1)..];
            if (digestText.Length == 0)
            {
                return "digest is empty after '@'";
            }

            if (!References.Digest.TryParse(digestText, out var d, out var digestError))
            {
                return digestError;
            }

            digest = d;
            rest = rest[..at];
            if (rest.Length == 0)
            {
                return "name is empty before '@'";
            }
        }

        var lastSlash = rest.LastIndexOf('/');
        if (lastSlash < 0 && rest[0] == '[')
        {
            return $"registry host '{rest}' must be followed by '/' and a repository";
        }

        var colon = rest.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            var tagText = rest[(colon + 1)..];
            if (tagText.Length == 0)
            {
                return "tag is empty after ':'";
            }

            if (!References.Tag.TryParse(tagText, out var t, out var tagError))
            {
                return tagError;
            }

            tag = t;
            rest = rest[..colon];
            if (rest.Length == 0)
            {
                return "name is empty before ':'";
            }
        }

        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        var first = firstSlash < 0 ? rest : rest[..firstSlash];
        var hasHost = firstSlash >= 0 && ReadsAsHost(first);
        string path;
        if (hasHost)
        {
            if (!RegistryHost.TryParse(first, out registry, out var hostError))
            {
                return hostError;
            }

            path = rest[(firstSlash + 1)..];
            if (path.Length == 0)
            {
                return $"repository is missing after registry host '{first}/'";
            }
        }
        else
        {
            registry = RegistryHost.DockerHub;
            path = rest;
        }

        var pathError = ValidatePath(path);
        if (pathError is not null)
        {
            return pathError;
        }

        if (!hasHost && IsImageId(path))
        {
            return $"repository name '{path}' is 64 hexadecimal characters, which reads as an image id; add a registry or namespace";
        }

        var lengthError = NormaliseAndCheckLength(registry, ref path);
        repository = path;
        return lengthError;
    }

    private static string? NormaliseAndCheckLength(RegistryHost registry, ref string repository)
    {
        if (registry.IsDockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = LibraryPrefix + repository;
        }

        var length = registry.Name.Length + 1 + repository.Length;
        return length > NameTotalLengthMax
            ? $"repository name '{registry.Name}/{repository}' is {length} characters long; the limit is {NameTotalLengthMax}"
            : null;
    }

    /// <summary>Checks <c>path-component ("/" path-component)*</c> and says which rule a bad path breaks.</summary>
    private static string? ValidatePath(string path)
    {
        if (path.Length == 0)
        {
            return "repository is empty";
        }

        foreach (var c in path)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return $"repository name must be lowercase: '{path}'";
            }
        }

        foreach (var component in path.Split('/'))
        {
            var error = ValidatePathComponent(path, component);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ValidatePathComponent(string path, string component)
    {
        if (component.Length == 0)
        {
            return $"repository '{path}' has an empty path component (leading, trailing or double '/')";
        }

        var i = 0;
        while (i < component.Length)
        {
            var c = component[i];
            if (IsLowerAlphaNumeric(c))
            {
                i++;
                continue;
            }

            if (c is not ('.' or '_' or '-'))
            {
                return $"repository path component '{component}' contains '{c}'; use lowercase letters, digits and the separators '.', '_', '__', '-'";
            }

            if (i == 0 || i == component.Length - 1)
            {
                return $"repository path component '{component}' must start and end with a lowercase letter or digit";
            }

            var end = i;
            while (end < component.Length && component[end] is '.' or '_' or '-')
            {
                end++;
            }

            if (end == component.Length)
            {
                return $"repository path component '{component}' must start and end with a lowercase letter or digit";
            }

            var separator = component.AsSpan(i, end - i);
            if (!IsValidSeparator(separator))
            {
                return $"repository path component '{component}' has the separator '{separator}'; allowed are '.', '_', '__' or one or more '-'";
            }

            i = end;
        }

        return null;
    }

    private static bool IsValidSeparator(ReadOnlySpan<char> separator) =>
        separator is "." or "_" or "__" || !separator.ContainsAnyExcept('-');

    private static bool IsLowerAlphaNumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static bool IsImageId(string path) =>
        path.Length == 64 && !path.AsSpan().ContainsAnyExcept(LowerHexDigits);

    /// <summary>Whether a first component followed by <c>/</c> names a registry host rather than a Docker Hub namespace.</summary>
    private static bool ReadsAsHost(string first) =>
        first.Contains('.', StringComparison.Ordinal)
        || first.Contains(':', StringComparison.Ordinal)
        || first.StartsWith('[')
        || first == "localhost";

    private static string ToFamiliarName(RegistryHost registry, string repository)
    {
        if (!registry.IsDockerHub)
        {
            return registry.Name + "/" + repository;
        }

        // "docker.io/r.io/app" is a Hub repository whose namespace looks like a host: without "docker.io/" the familiar
        // form would name the registry r.io instead.
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && ReadsAsHost(repository[..slash]))
        {
            return registry.Name + "/" + repository;
        }

        // "library/<64 hex>" keeps its prefix: without it the familiar form would read as an image id
        // and no longer parse back to the same reference.
        if (repository.StartsWith(LibraryPrefix, StringComparison.Ordinal)
            && repository.IndexOf('/', LibraryPrefix.Length) < 0
            && !IsImageId(repository[LibraryPrefix.Length..]))
        {
            return repository[LibraryPrefix.Length..];
        }

        return repository;
    }

    private static void EnsureNotDefault(string value, string parameterName)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException("the value is a default (empty) instance; create it with Parse", parameterName);
        }
    }
}
