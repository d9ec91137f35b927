using System.Text.Json.Serialization;

namespace Berth.Transfer;

/// <summary>Source-generated JSON for the layout and archive files the transfer endpoints read and write.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OciLayoutMarker))]
[JsonSerializable(typeof(List<DockerArchiveImage>))]
[JsonSerializable(typeof(DockerRootFs))]
internal sealed partial class TransferJsonContext : JsonSerializerContext;
