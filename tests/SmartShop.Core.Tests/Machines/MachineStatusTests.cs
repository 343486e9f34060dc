using SmartShop.Core.Machines;

namespace SmartShop.Core.Tests.Machines;

public sealed class MachineStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_NewState_StartsAtReportTime()
    {
        var status = MachineStatus.Initial("m1", T0);

        var next = status.Apply(MachineState.Down, " Jam at infeed ", MachineStateSource.Manual, T0.AddMinutes(5));

        Assert.Equal(new MachineStatus("m1", MachineState.Down, T0.AddMinutes(5), "Jam at infeed", MachineStateSource.Manual), next);
    }

    [Fact]
    public void Apply_SameStateAndReason_KeepsOriginalSince()
    {
        var down = MachineStatus.Initial("m1", T0).Apply(MachineState.Down, "Jam", MachineStateSource.Manual, T0.AddMinutes(5));

        var again = down.Apply(MachineState.Down, "Jam", MachineStateSource.Manual, T0.AddMinutes(9));

        Assert.Same(down, again);
    }

    [Fact]
    public void Apply_SameStateOtherReason_RestartsSince()
    {
        var down = MachineStatus.Initial("m1", T0).Apply(MachineState.Down, "Jam", MachineStateSource.Manual, T0.AddMinutes(5));

        var reclassified = down.Apply(MachineState.Down, "Tool break", MachineStateSource.Manual, T0.AddMinutes(9));

        Assert.Equal(("Tool break", T0.AddMinutes(9)), (reclassified.Reason, reclassified.Since));
    }

    [Fact]
    public void Apply_ReportOlderThanCurrentState_IsIgnored()
    {
        var running = MachineStatus.Initial("m1", T0).Apply(MachineState.Running, null, MachineStateSource.Plc, T0.AddMinutes(10));

        var late = running.Apply(MachineState.Down, "Jam", MachineStateSource.Manual, T0.AddMinutes(3));

        Assert.Same(running, late);
    }

    [Fact]
    public void Apply_BlankReason_IsStoredAsNull()
    {
        var idle = MachineStatus.Initial("m1", T0).Apply(MachineState.Idle, "   ", MachineStateSource.Manual, T0.AddMinutes(1));

        Assert.Null(idle.Reason);
    }
}
