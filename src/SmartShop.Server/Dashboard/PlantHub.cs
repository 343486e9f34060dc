using Microsoft.AspNetCore.SignalR;
using SmartShop.Server.Machines;
using SmartShop.Server.Oee;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Dashboard;

/// <summary>Messages the server pushes to browsers watching the plant.</summary>
public interface IPlantClient
{
    /// <summary>Every machine's state changes, to every view.</summary>
    Task MachineStatusChanged(MachineStatusResponse status);

    /// <summary>A watched line's live figure (at most twice a second while it changes, and every few seconds anyway).</summary>
    Task LineLive(LineLiveResponse line);

    /// <summary>A watched machine's live figure.</summary>
    Task MachineLive(MachineLiveResponse machine);

    /// <summary>An andon call was raised, acknowledged, escalated or closed (to every view).</summary>
    Task AndonChanged(Andon.AndonCallResponse call);
}

/// <summary>
/// Live plant updates (JSON protocol, camelCase). Every view receives every machine's state changes; a view asks for
/// the live figures of the lines and machines it shows with <c>watchLine</c> / <c>watchMachine</c>.
/// </summary>
public sealed class PlantHub(PlantCatalog catalog, LiveWatchers watchers) : Hub<IPlantClient>
{
    public async Task WatchLine(string lineId)
    {
        if (catalog.Plant.FindLine(lineId) is null)
        {
            throw new HubException($"No line with id '{lineId}' is configured in the plant file.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveWatchers.LineGroup(lineId));
        watchers.Watch(Context.ConnectionId, LiveWatchers.LineGroup(lineId));
    }

    public async Task UnwatchLine(string lineId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveWatchers.LineGroup(lineId));
        watchers.Unwatch(Context.ConnectionId, LiveWatchers.LineGroup(lineId));
    }

    public async Task WatchMachine(string machineId)
    {
        if (catalog.Plant.FindMachine(machineId) is null)
        {
            throw new HubException($"No machine with id '{machineId}' is configured in the plant file.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveWatchers.MachineGroup(machineId));
        watchers.Watch(Context.ConnectionId, LiveWatchers.MachineGroup(machineId));
    }

    public async Task UnwatchMachine(string machineId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveWatchers.MachineGroup(machineId));
        watchers.Unwatch(Context.ConnectionId, LiveWatchers.MachineGroup(machineId));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Pushes grain events to connected browsers; grains see only this interface, never SignalR.</summary>
public interface IPlantNotifier
{
    Task MachineStatusChanged(MachineStatusResponse status);

    /// <summary>Something about the machine changed (samples, counts): its watched figures are due for a push.</summary>
    void MachineUpdated(string machineId);
}

internal sealed partial class SignalRPlantNotifier(IHubContext<PlantHub, IPlantClient> hub, LiveWatchers watchers, ILogger<SignalRPlantNotifier> logger) : IPlantNotifier
{
    /// <summary>
    /// Sent, not awaited: a broadcast completes only when every connection has taken it, so one slow view (a page busy
    /// for seconds, its socket full) held up the machine's grain, through it the PLC connector, and so every other
    /// view's pushes by seconds (tests/SmartShop.Fleet.Bench/RESULTS.md). SignalR queues each connection's messages,
    /// and views keep the status with the latest <c>since</c>, so order does not matter.
    /// </summary>
    public Task MachineStatusChanged(MachineStatusResponse status)
    {
        watchers.MarkChanged(status.MachineId);
        var sent = hub.Clients.All.MachineStatusChanged(status);
        if (!sent.IsCompletedSuccessfully)
        {
            _ = sent.ContinueWith(
                t => LogPushFailed(logger, status.MachineId, t.Exception!.GetBaseException().Message),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing the state of machine {MachineId} failed: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, string machineId, string reason);

    public void MachineUpdated(string machineId) => watchers.MarkChanged(machineId);
}
