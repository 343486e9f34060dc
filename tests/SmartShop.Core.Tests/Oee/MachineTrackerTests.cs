using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Plant;

namespace SmartShop.Core.Tests.Oee;

public sealed class MachineTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static readonly MachineDefinition Lathe = new(
        "l1-lathe",
        "Lathe",
        new MachineType("cnc-lathe", "CNC lathe", StateModel.PackML, TimeSpan.FromSeconds(30), new Dictionary<int, string>()),
        OpcUaEndpoint.Parse("opc.tcp://127.0.0.1:4840"),
        SignalMap.Empty,
        StateModel.PackML,
        TimeSpan.FromSeconds(30),
        [new IdealCycleTime("SPOOL-20", TimeSpan.FromSeconds(48))],
        new Dictionary<int, string> { [101] = "Tool wear" });

    private static MachineSample Sample(MachineSignal signal, double minutes, double number, string? text = null) =>
        new(signal, number, text, T0.AddMinutes(minutes), T0.AddMinutes(minutes));

    private static List<LedgerInterval> All(MachineTracker tracker, double minutes)
    {
        var until = T0.AddMinutes(minutes);
        tracker.AdvanceTo(until);
        return [.. tracker.Ledger.TakeClosed(), .. tracker.Ledger.Unsettled(until)];
    }

    [Fact]
    public void Samples_StateJobAndCounters_BecomeTheLedger()
    {
        var tracker = new MachineTracker(Lathe, TestCalendarFor.Always, T0);
        tracker.Apply(
        [
            Sample(MachineSignal.JobId, 0, 0, "AUTO-line-1-0001"),
            Sample(MachineSignal.Product, 0, 0, "SPOOL-20"),
            Sample(MachineSignal.GoodCount, 0, 1000),
            Sample(MachineSignal.RejectCount, 0, 7),
            Sample(MachineSignal.State, 0, 6), // Execute
            Sample(MachineSignal.GoodCount, 30, 1030),
            Sample(MachineSignal.RejectCount, 30, 9),
        ]);

        var totals = OeeTotals.Sum(All(tracker, 60));

        Assert.Equal((30L, 2L), (totals.Good, totals.Scrap)); // the first readings are the baseline
        Assert.Equal(TimeSpan.FromSeconds(48 * 32), totals.IdealTime);
        Assert.Equal(TimeSpan.FromMinutes(60), totals.ProductionTime);
        Assert.Equal(new JobContext("AUTO-line-1-0001", "SPOOL-20", TimeSpan.FromSeconds(48)), tracker.Job);
    }

    [Fact]
    public void ConnectionGap_NoDataMeanwhile_FirstReadingAfterReconcilesTheUnits()
    {
        var tracker = new MachineTracker(Lathe, TestCalendarFor.Always, T0);
        tracker.Apply([Sample(MachineSignal.State, 0, 6), Sample(MachineSignal.GoodCount, 0, 10)]);
        tracker.Apply(Sample(MachineSignal.GoodCount, 10, 20));
        tracker.ConnectionLost(T0.AddMinutes(20));
        // Back at 50: the initial values of the new subscription (state unchanged since minute 0).
        tracker.Apply([new MachineSample(MachineSignal.State, 6, null, T0, T0.AddMinutes(50)), Sample(MachineSignal.GoodCount, 50, 55)]);

        var intervals = All(tracker, 60);
        var totals = OeeTotals.Sum(intervals);

        Assert.Equal(45, totals.Good); // 10 before the gap, 35 reconciled after it: none lost, none twice
        Assert.Equal(TimeSpan.FromMinutes(30), totals.NoData);
    }

    [Fact]
    public void StopReason_WrittenWithTheState_BelongsToThatStop()
    {
        var tracker = new MachineTracker(Lathe, TestCalendarFor.Always, T0);
        tracker.Apply([Sample(MachineSignal.State, 0, 6)]);
        tracker.Apply([Sample(MachineSignal.StopReason, 5, 101), Sample(MachineSignal.State, 5, 9)]); // Aborted
        Assert.Equal(101, tracker.StopCode);
        tracker.Apply([Sample(MachineSignal.StopReason, 9, 0), Sample(MachineSignal.State, 9, 6)]);

        var stops = tracker.TakeStops();
        var closed = Assert.Single(stops, s => s.Stop.End is not null);
        Assert.Equal(101, closed.PlcCode);
        Assert.Equal(MachineState.Down, closed.Stop.State);
        Assert.Null(tracker.StopCode);
    }

    [Fact]
    public void StarvedAndBlockedFlags_StopsSplitIntoStarvedAndBlockedTime_NotFailures()
    {
        var tracker = new MachineTracker(Lathe, TestCalendarFor.Always, T0);
        tracker.Apply([Sample(MachineSignal.JobId, 0, 0, "J1"), Sample(MachineSignal.Product, 0, 0, "SPOOL-20"), Sample(MachineSignal.State, 0, 6)]);
        tracker.Apply([Sample(MachineSignal.Starved, 10, 1), Sample(MachineSignal.State, 10, 5)]);   // Suspended, starved
        tracker.Apply([Sample(MachineSignal.Starved, 15, 0), Sample(MachineSignal.Blocked, 15, 1)]); // now blocked
        tracker.Apply([Sample(MachineSignal.Blocked, 18, 0), Sample(MachineSignal.State, 18, 6)]);

        var totals = OeeTotals.Sum(All(tracker, 30));

        Assert.Equal(TimeSpan.FromMinutes(5), totals.StarvedTime);
        Assert.Equal(TimeSpan.FromMinutes(3), totals.BlockedTime);
        Assert.Equal(TimeSpan.FromMinutes(8), totals.UnitDelayTime);
        Assert.Equal(0, totals.Failures);
    }

    [Fact]
    public void UnitModeManual_Setup()
    {
        var tracker = new MachineTracker(Lathe, TestCalendarFor.Always, T0);
        tracker.Apply([Sample(MachineSignal.State, 0, 6), Sample(MachineSignal.Mode, 0, 1)]);
        tracker.Apply([Sample(MachineSignal.Mode, 10, 3)]);

        Assert.Equal(MachineState.Setup, tracker.State);
        Assert.Equal(T0.AddMinutes(10), tracker.StateSince);
    }

    [Fact]
    public void AcceleratedSourceClock_LedgerRunsOnMachineTime()
    {
        // A simulator 100 × faster: source time is far ahead of the MES clock.
        var tracker = new MachineTracker(Lathe, TestCalendarFor.Always, T0);
        var sourceAhead = TimeSpan.FromHours(2);
        tracker.Apply(new MachineSample(MachineSignal.State, 6, null, T0 + sourceAhead, T0));

        Assert.Equal(sourceAhead, tracker.ClockOffset);
        Assert.Equal(T0.AddMinutes(1) + sourceAhead, tracker.ToMachineTime(T0.AddMinutes(1)));
    }

    [Fact]
    public void Restore_TimeSinceTheSaveIsNoData_CountersCarryOn()
    {
        var first = new MachineTracker(Lathe, TestCalendarFor.Always, T0);
        first.Apply([Sample(MachineSignal.State, 0, 6), Sample(MachineSignal.GoodCount, 0, 100), Sample(MachineSignal.GoodCount, 5, 110)]);
        first.AdvanceTo(T0.AddMinutes(6));
        var saved = first.Ledger.TakeClosed();
        var state = first.Snapshot(T0.AddMinutes(6));

        // The server is killed at minute 8 and back at minute 20; the PLC counted on to 140.
        var second = new MachineTracker(Lathe, TestCalendarFor.Always, T0.AddMinutes(20), state);
        second.Apply([new MachineSample(MachineSignal.State, 6, null, T0, T0.AddMinutes(20)), Sample(MachineSignal.GoodCount, 20, 140)]);
        var totals = OeeTotals.Sum([.. saved, .. All(second, 30)]);

        Assert.Equal(40, totals.Good);
        Assert.Equal(TimeSpan.FromMinutes(14), totals.NoData); // from the save (6) to the first sample (20)
        Assert.Equal(TimeSpan.FromMinutes(16), totals.ProductionTime);
    }
}

/// <summary>The calendars of <see cref="TestCalendar"/> by name, for tests outside its file.</summary>
internal static class TestCalendarFor
{
    public static TestCalendar Always => TestCalendar.Always;
}
