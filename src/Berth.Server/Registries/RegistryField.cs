namespace Berth.Server.Registries;

/// <summary>One input of a registry type's form: secret fields are write-only.</summary>
public sealed record RegistryField(string Name, string Label, bool IsSecret, bool IsRequired, string Help);
