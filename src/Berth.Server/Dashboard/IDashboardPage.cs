namespace Berth.Server.Dashboard;

/// <summary>A dashboard page component: everything it shows arrives in one model, built by its page service.</summary>
public interface IDashboardPage<TModel>
{
    TModel Model { get; set; }
}
