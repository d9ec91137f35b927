using Berth.Connections;
using Berth.References;

namespace Berth.Server.Registries;

/// <summary>Registry types and their fields as the dashboard's forms present them.</summary>
public interface IRegistryTypes
{
    IReadOnlyList<RegistryTypeInfo> All { get; }

    RegistryTypeInfo? Find(string? type);

    (RegistryHost Host, string Namespace) Address(Connection connection);
}
