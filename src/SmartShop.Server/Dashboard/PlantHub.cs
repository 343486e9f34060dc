using Microsoft.AspNetCore.SignalR;
using SmartShop.Server.Machines;

namespace SmartShop.Server.Dashboard;

/// <summary>Messages the server pushes to browsers watching the plant.</summary>
public interface IPlantClient
{
    Task MachineStatusChanged(MachineStatusResponse status);
}

/// <summary>Live plant updates (JSON protocol, camelCase). Every connected view receives every machine's changes.</summary>
public sealed class PlantHub : Hub<IPlantClient>;

/// <summary>Pushes grain events to connected browsers; grains see only this interface, never SignalR.</summary>
public interface IPlantNotifier
{
    Task MachineStatusChanged(MachineStatusResponse status);
}

internal sealed class SignalRPlantNotifier(IHubContext<PlantHub, IPlantClient> hub) : IPlantNotifier
{
    public Task MachineStatusChanged(MachineStatusResponse status) => hub.Clients.All.MachineStatusChanged(status);
}
