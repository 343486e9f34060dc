using SmartShop.Core.Machines;
using SmartShop.Grains;
using SmartShop.Grains.Concurrency;
using SmartShop.Grains.Runtime;
using SmartShop.Server.Dashboard;

namespace SmartShop.Server.Machines;

/// <summary>One grain per machine, keyed by the machine id from the plant file.</summary>
public interface IMachineGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<MachineStatus> GetStatus();

    /// <summary>A person reports the machine's state (machines without a PLC connection, or an operator's correction).</summary>
    Task<MachineStatus> ReportState(ReportMachineState command);
}

/// <summary>Reported state; immutable, as every grain message.</summary>
public sealed record ReportMachineState(MachineState State, string? Reason);

// The grain type is part of every stored state's key: pinned so renaming the class keeps machines' state.
[GrainType("machine")]
public sealed class MachineGrain(
    [PersistentState("status", "Default")] IPersistentState<MachineGrain.StatusState> status,
    IPlantNotifier notifier,
    TimeProvider clock) : Grain, IMachineGrain
{
    // A machine never reported is Unknown since its grain activated (not since each call).
    private DateTimeOffset _activatedAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task<MachineStatus> GetStatus() => Task.FromResult(Current());

    public async Task<MachineStatus> ReportState(ReportMachineState command)
    {
        var before = Current();
        var after = before.Apply(command.State, command.Reason, MachineStateSource.Manual, clock.GetUtcNow());
        if (ReferenceEquals(before, after))
        {
            return before;
        }

        status.State = StatusState.From(after);
        await status.WriteStateAsync();
        await notifier.MachineStatusChanged(MachineStatusResponse.From(after));
        return after;
    }

    private MachineStatus Current() =>
        status.State.Since is { } since
            ? new MachineStatus(this.GetPrimaryKeyString(), status.State.State, since, status.State.Reason, status.State.Source)
            : MachineStatus.Initial(this.GetPrimaryKeyString(), _activatedAt);

    /// <summary>Persisted shape (JSON in grain_state); a null <see cref="Since"/> means never reported.</summary>
    public sealed class StatusState
    {
        public MachineState State { get; set; }

        public DateTimeOffset? Since { get; set; }

        public string? Reason { get; set; }

        public MachineStateSource Source { get; set; }

        public static StatusState From(MachineStatus s) => new() { State = s.State, Since = s.Since, Reason = s.Reason, Source = s.Source };
    }
}
