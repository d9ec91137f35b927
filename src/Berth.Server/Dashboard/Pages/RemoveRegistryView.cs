using Berth.Connections;
using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

public sealed record RemoveRegistryView(Caller Caller, string Name, string Url, IReadOnlyList<ConnectionDependent> Dependents);
