using Microsoft.AspNetCore.SignalR;
using SmartShop.Grains;
using SmartShop.Server.Machines;
using SmartShop.Server.Oee;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Dashboard;

/// <summary>
/// Which lines and machines views are watching, and which of them changed since their last push. Thread-safe: hub
/// calls, grains and the publisher use it concurrently.
/// </summary>
public sealed class LiveWatchers(PlantCatalog catalog)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public static string LineGroup(string lineId) => "line:" + lineId;

    public static string MachineGroup(string machineId) => "machine:" + machineId;

    public void Watch(string connectionId, string group)
    {
        lock (_lock)
        {
            if (!_watchers.TryGetValue(group, out var connections))
            {
                _watchers[group] = connections = [];
            }

            connections.Add(connectionId);
            if (!_byConnection.TryGetValue(connectionId, out var groups))
            {
                _byConnection[connectionId] = groups = [];
            }

            groups.Add(group);
            _changed.Add(group); // a new watcher gets the figure at once
        }
    }

    public void Unwatch(string connectionId, string group)
    {
        lock (_lock)
        {
            Remove(connectionId, group);
            if (_byConnection.TryGetValue(connectionId, out var groups))
            {
                groups.Remove(group);
            }
        }
    }

    public void Forget(string connectionId)
    {
        lock (_lock)
        {
            if (_byConnection.Remove(connectionId, out var groups))
            {
                foreach (var group in groups)
                {
                    Remove(connectionId, group);
                }
            }
        }
    }

    /// <summary>A machine changed: its own group and its line's are due.</summary>
    public void MarkChanged(string machineId)
    {
        var line = catalog.Plant.LocateMachine(machineId)?.Line.Id;
        lock (_lock)
        {
            _changed.Add(MachineGroup(machineId));
            if (line is not null)
            {
                _changed.Add(LineGroup(line));
            }
        }
    }

    /// <summary>The watched groups, each with whether it changed since the last call (the flags are cleared).</summary>
    public IReadOnlyList<(string Group, bool Changed)> TakeWatched()
    {
        lock (_lock)
        {
            var result = _watchers.Keys.Select(g => (g, _changed.Contains(g))).ToArray();
            _changed.Clear();
            return result;
        }
    }

    private void Remove(string connectionId, string group)
    {
        if (_watchers.TryGetValue(group, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
        {
            _watchers.Remove(group);
        }
    }
}

/// <summary>
/// Pushes the live figures of watched lines and machines: a change goes out within one tick (100 ms) unless the same
/// figure was pushed less than <see cref="MinInterval"/> ago (at most two updates a second per view), and every
/// <see cref="RefreshInterval"/> a figure is pushed anyway, since time passing moves OEE.
/// </summary>
public sealed class LivePublisher(LiveWatchers watchers, IGrainFactory grains, PlantCatalog catalog, IHubContext<PlantHub, IPlantClient> hub, TimeProvider clock, ILogger<LivePublisher> logger)
    : BackgroundService
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, DateTimeOffset> _lastSent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PublishDueAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Live figures could not be pushed");
            }
        }
    }

    private async Task PublishDueAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var (group, changed) in watchers.TakeWatched())
        {
            if (changed)
            {
                _pending.Add(group);
            }

            var last = _lastSent.GetValueOrDefault(group, DateTimeOffset.MinValue);
            var due = (_pending.Contains(group) && now - last >= MinInterval) || now - last >= RefreshInterval;
            if (!due)
            {
                continue;
            }

            _pending.Remove(group);
            _lastSent[group] = now;
            if (group.StartsWith("line:", StringComparison.Ordinal))
            {
                var lineId = group["line:".Length..];
                if (await LineLiveAsync(lineId) is { } line)
                {
                    await hub.Clients.Group(group).LineLive(line);
                }
            }
            else
            {
                var machineId = group["machine:".Length..];
                var live = await grains.GetGrain<IMachineGrain>(machineId).GetLive();
                await hub.Clients.Group(group).MachineLive(MachineLiveResponse.From(live));
            }
        }
    }

    private async Task<LineLiveResponse?> LineLiveAsync(string lineId) =>
        catalog.Plant.FindLine(lineId) is { } line ? await OeeEndpoints.LineLiveAsync(line, grains) : null;
}
