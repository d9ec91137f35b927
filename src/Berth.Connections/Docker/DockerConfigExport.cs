using Berth.DockerConfig;

namespace Berth.Connections.Docker;

/// <summary>A docker config built from connections, and what each connection contributed.</summary>
public sealed record DockerConfigExport(DockerConfigFile File, IReadOnlyList<ExportedConnection> Connections);
