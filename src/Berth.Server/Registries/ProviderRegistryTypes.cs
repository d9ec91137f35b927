using Berth.Connections;
using Berth.Connections.Providers;
using Berth.References;

namespace Berth.Server.Registries;

/// <summary><see cref="IRegistryTypes"/> over the provider catalogue, for the dashboard's forms.</summary>
internal sealed class ProviderRegistryTypes : IRegistryTypes
{
    public IReadOnlyList<RegistryTypeInfo> All { get; } = ProviderCatalog.All
        .Select(p => new RegistryTypeInfo(p.Type, p.DisplayName, p.DefaultUrl, p.UrlHelp, p.Fields.Select(f => new RegistryField(f.Name, f.Label, f.IsSecret, f.IsRequired, f.Help)).ToArray()))
        .ToArray();

    public RegistryTypeInfo? Find(string? type) => All.FirstOrDefault(t => string.Equals(t.Type, type?.Trim(), StringComparison.OrdinalIgnoreCase));

    public (RegistryHost Host, string Namespace) Address(Connection connection)
    {
        var url = ConnectionAddress.Of(connection);
        return (url.Host, url.Path);
    }
}
