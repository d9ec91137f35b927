namespace Berth.Connections.Providers;

/// <summary>
/// One credential or setting field of a registry type, enough for a CLI prompt or an "Add Registry" form.
/// Secret fields are kept in <see cref="Connection.Secrets"/>, the others in <see cref="Connection.Fields"/>.
/// </summary>
public sealed record ProviderField(string Name, string Label, bool IsSecret, bool IsRequired, string Help);
