using Berth.DockerConfig;

namespace Berth.Connections.Docker;

/// <summary>
/// One registry credential found in a docker config, from its <c>auths</c> or from a credential helper it names.
/// <see cref="Entry"/> is null when the helper failed (then <see cref="Error"/> says why) or had nothing.
/// </summary>
/// <param name="ServerKey">The key as written in the file, or the URL the helper listed.</param>
/// <param name="Origin"><c>auths</c>, <c>credHelpers (docker-credential-X)</c> or <c>credsStore (docker-credential-X)</c>.</param>
/// <param name="Entry">The credential; null when the helper failed or had none.</param>
/// <param name="Error">Why there is no entry.</param>
public sealed record DockerConfigCredential(string ServerKey, string Origin, DockerAuthEntry? Entry, string? Error = null);
