namespace Berth.Server.Registries;

/// <summary>A registry type as the API and the Add Registry form present it.</summary>
public sealed record RegistryTypeInfo(string Type, string DisplayName, string? DefaultUrl, string UrlHelp, IReadOnlyList<RegistryField> Fields)
{
    public RegistryField? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
