using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Core.Machines;
using SmartShop.Core.WorkOrders;
using SmartShop.Grains;
using SmartShop.Server.Machines;
using SmartShop.Server.Plant;

namespace SmartShop.Server.WorkOrders;

/// <summary>
/// One grain per work order on the shop floor: it sends the order's jobs to its machines, follows them (which machines
/// run it, good and scrap units counted for it at the output) and moves the order on by itself when production shows it:
/// Released to Running when a machine starts the job, Running to Completed when the output has counted the quantity.
/// </summary>
public interface IWorkOrderGrain : IGrainWithStringKey
{
    /// <summary>Sends what <paramref name="action"/> means for the machines; the order's record changes only after.</summary>
    Task<DispatchResult> Dispatch(WorkOrderAction action, WorkOrderSpec spec);

    /// <summary>Takes back a download that cannot stand (another machine refused the release).</summary>
    Task Withdraw(WorkOrderSpec spec, IReadOnlyList<string> machineIds);

    /// <summary>Units counted for the order and where it runs now.</summary>
    Task<WorkOrderProgress> GetProgress();

    /// <summary>Looks at the machines and moves the order on when production shows it (the follower calls it for every order on the shop floor).</summary>
    Task Check();
}

/// <param name="Machines">Each machine's answer, in routing order.</param>
/// <param name="Blocking">True when the action must not go ahead (a machine refused or could not be reached for a release, start, pause or resume).</param>
public sealed record DispatchResult(IReadOnlyList<MachineDispatch> Machines, bool Blocking);

public sealed record MachineDispatch(string MachineId, string Interface, string Command, bool Accepted, bool Sent, string Message, DateTimeOffset At);

/// <param name="Good">Good units counted for the order at its output machines (the last operation's).</param>
/// <param name="Running">Machines whose PLC reports the order as their current job.</param>
public sealed record WorkOrderProgress(long Good, long Scrap, decimal Quantity, decimal Remaining, double Percent, IReadOnlyList<string> OutputMachines, IReadOnlyList<string> Running, IReadOnlyList<MachineDispatch> LastDispatch);

/// <summary>How often an order on the shop floor looks at its machines (<c>WorkOrders:FollowInterval</c>, default 5 s).</summary>
public sealed class WorkOrderOptions
{
    public const string Section = "WorkOrders";

    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Complete the order when the output has counted its quantity (default true).</summary>
    public bool AutoComplete { get; set; } = true;
}

[GrainType("work-order")]
public sealed class WorkOrderGrain(
    IMachineJobs jobs,
    PlantCatalog catalog,
    WorkOrderOutput output,
    IServiceScopeFactory scopes,
    IOptions<WorkOrderOptions> options,
    ILogger<WorkOrderGrain> logger,
    TimeProvider clock) : Grain, IWorkOrderGrain
{
    private IReadOnlyList<MachineDispatch> _lastDispatch = [];
    private WorkOrderProgress? _progress;

    public async Task<DispatchResult> Dispatch(WorkOrderAction action, WorkOrderSpec spec)
    {
        var machines = Machines(spec);
        var results = new List<MachineDispatch>();
        foreach (var machineId in machines)
        {
            var job = new MachineJob(spec.Id, spec.Product, spec.Quantity, spec.Priority);
            var (command, call) = action switch
            {
                WorkOrderAction.Release => ("store", jobs.DownloadAsync(machineId, job, CancellationToken.None)),
                WorkOrderAction.Start => ("start", jobs.CommandAsync(machineId, JobCommand.Start, job, CancellationToken.None)),
                WorkOrderAction.Pause => ("pause", jobs.CommandAsync(machineId, JobCommand.Pause, job, CancellationToken.None)),
                WorkOrderAction.Resume => ("resume", jobs.CommandAsync(machineId, JobCommand.Resume, job, CancellationToken.None)),
                WorkOrderAction.Complete => ("stop", jobs.CommandAsync(machineId, JobCommand.Stop, job, CancellationToken.None)),
                WorkOrderAction.Cancel => ("abort", jobs.CommandAsync(machineId, JobCommand.Abort, job, CancellationToken.None)),
                _ => ((string?)null, (Task<JobCallResult>?)null),
            };
            if (call is null)
            {
                continue;
            }

            var result = await call;
            results.Add(new MachineDispatch(machineId, jobs.InterfaceOf(machineId).ToString().ToLowerInvariant(), command!, result.Accepted, result.Sent, result.Message, clock.GetUtcNow()));
        }

        _lastDispatch = results;
        var blocking = action is WorkOrderAction.Release or WorkOrderAction.Start or WorkOrderAction.Pause or WorkOrderAction.Resume
            && results.Any(r => !r.Accepted);
        return new DispatchResult(results, blocking);
    }

    public async Task Withdraw(WorkOrderSpec spec, IReadOnlyList<string> machineIds)
    {
        var job = new MachineJob(spec.Id, spec.Product, spec.Quantity, spec.Priority);
        foreach (var machineId in machineIds)
        {
            var result = await jobs.CommandAsync(machineId, JobCommand.Cancel, job, CancellationToken.None);
            if (!result.Accepted)
            {
                logger.LogWarning("Order {OrderId}: withdrawing the job from {MachineId} failed: {Message}", spec.Id, machineId, result.Message);
            }
        }
    }

    public async Task<WorkOrderProgress> GetProgress()
    {
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<WorkOrderStore>();
        var row = await store.FindAsync(this.GetPrimaryKeyString(), CancellationToken.None);
        if (row is null)
        {
            return new WorkOrderProgress(0, 0, 0, 0, 0, [], [], _lastDispatch);
        }

        _progress = await MeasureAsync(WorkOrderStore.ToSpec(row), row.ReleasedAtMs);
        return _progress;
    }

    public async Task Check()
    {
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<WorkOrderStore>();
        var row = await store.FindAsync(this.GetPrimaryKeyString(), CancellationToken.None);
        if (row is null || !WorkOrderLifecycle.IsOnShopFloor(WorkOrderStore.Status(row)))
        {
            return;
        }

        var spec = WorkOrderStore.ToSpec(row);
        var progress = await MeasureAsync(spec, row.ReleasedAtMs);
        _progress = progress;
        var status = WorkOrderStore.Status(row);
        if (status == WorkOrderStatus.Released && progress.Running.Count > 0)
        {
            await store.TransitionAsync(row, WorkOrderAction.Start, WorkOrderStatus.Running, "system",
                $"{string.Join(", ", progress.Running)} began the job", null, CancellationToken.None);
        }
        else if (status == WorkOrderStatus.Running && options.Value.AutoComplete && progress.Good >= spec.Quantity)
        {
            await Dispatch(WorkOrderAction.Complete, spec);
            await store.TransitionAsync(row, WorkOrderAction.Complete, WorkOrderStatus.Completed, "system",
                $"the output counted {progress.Good} good of {spec.Quantity:0.######} {spec.Unit}", null, CancellationToken.None);
        }
    }

    /// <summary>Units for the order at its output machines (<see cref="WorkOrderOutput"/>, as the list counts them) and where it runs now.</summary>
    private async Task<WorkOrderProgress> MeasureAsync(WorkOrderSpec spec, long? releasedAtMs)
    {
        var last = spec.Operations[^1];
        var outputs = WorkOrderOutput.OutputMachines(last.LineId, last.MachineId, catalog.Plant);
        var counted = releasedAtMs is null
            ? default
            : (await output.CountAsync([new OrderOutputs(spec.Id, outputs)], CancellationToken.None))[spec.Id];

        var running = new List<string>();
        foreach (var machineId in Machines(spec))
        {
            var live = await GrainFactory.GetGrain<IMachineGrain>(machineId).GetLive();
            if (live.Job?.OrderId == spec.Id && live.Status.State is not MachineState.Unknown)
            {
                running.Add(machineId);
            }
        }

        return new WorkOrderProgress(counted.Good, counted.Scrap, spec.Quantity, counted.Remaining(spec.Quantity), counted.Percent(spec.Quantity), outputs, running, _lastDispatch);
    }

    private IReadOnlyList<string> Machines(WorkOrderSpec spec) =>
        spec.Operations.SelectMany(o => WorkOrderSpec.MachinesOf(o, catalog.Plant)).Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Every <see cref="WorkOrderOptions.FollowInterval"/>, has each order on the shop floor look at its machines.</summary>
public sealed class WorkOrderFollower(IServiceScopeFactory scopes, IGrainFactory grains, IOptions<WorkOrderOptions> options, ILogger<WorkOrderFollower> logger, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var onFloor = new[] { "released", "running", "paused" };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.FollowInterval, clock, stoppingToken);
                List<string> ids;
                using (var scope = scopes.CreateScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<Data.SmartShopDb>();
                    ids = await db.WorkOrders.Where(o => onFloor.Contains(o.Status)).Select(o => o.Id).ToListAsync(stoppingToken);
                }

                foreach (var id in ids)
                {
                    await grains.GetGrain<IWorkOrderGrain>(id).Check();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Following the work orders failed; trying again next round");
            }
        }
    }
}
