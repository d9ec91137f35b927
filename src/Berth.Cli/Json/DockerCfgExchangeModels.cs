namespace Berth.Cli.Json;

/// <summary><c>berth dockercfg export -o FILE --output json</c>: what was written where, never a credential.</summary>
internal sealed record DockerCfgExportResult(string File, bool Encrypted, string? KeyId, IReadOnlyList<DockerCfgExportEntry> Connections);

/// <summary>One connection in an export summary: the auths keys it was written under and its credential's expiry.</summary>
internal sealed record DockerCfgExportEntry(string Name, string Type, IReadOnlyList<string> Keys, DateTimeOffset? ExpiresAt, string? Note);

/// <summary><c>berth dockercfg import --output json</c>.</summary>
internal sealed record DockerCfgImportResult(string File, int Imported, int Skipped, int Failed, IReadOnlyList<DockerCfgImportEntry> Entries);

/// <summary>One entry of an imported file: outcome is imported, exists, skipped or failed.</summary>
internal sealed record DockerCfgImportEntry(string Server, string Origin, string? Name, string? Type, string Outcome, string? Message, IReadOnlyList<string> Notes);

/// <summary><c>berth credential-helper install --output json</c>.</summary>
internal sealed record CredentialHelperInstallResult(string Link, string Target, bool OnPath, IReadOnlyDictionary<string, string> CredHelpers);
