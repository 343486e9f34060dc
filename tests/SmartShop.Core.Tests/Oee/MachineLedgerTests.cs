using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Tests.Oee;

public sealed class MachineLedgerTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly JobContext Order = new("O-1", "P-1", TimeSpan.FromSeconds(60));

    private static DateTimeOffset At(int hour, int minute, int second = 0) => Day.AddHours(hour).AddMinutes(minute).AddSeconds(second);

    /// <summary>Everything up to <paramref name="until"/>: the settled intervals and the unsettled rest.</summary>
    private static List<LedgerInterval> Drain(MachineLedger ledger, DateTimeOffset until)
    {
        ledger.AdvanceTo(until);
        return [.. ledger.TakeClosed(), .. ledger.Unsettled(until)];
    }

    /// <summary>
    /// The normal shift, computed by hand: 06:00–14:00 (480 min) with a 30 min break at 10:00. Setup 20 min, a
    /// 30 min failure, two minor stops (20 s and 10 s, threshold 30 s), idle through the break; 380 good and 10 scrap
    /// at a PRU of 60 s.
    /// PDOT 30, PBT 450, AUST 20, ADET 30.5, APT 399.5 (minutes).
    /// </summary>
    private static (MachineLedger Ledger, List<LedgerInterval> Intervals) NormalShift()
    {
        var calendar = TestCalendar.Shift(At(6, 0), 8, (4, 30));
        var ledger = new MachineLedger("m1", calendar, TimeSpan.FromSeconds(30), At(6, 0));
        ledger.SetJob(At(6, 0), Order);
        ledger.SetState(At(6, 0), MachineState.Setup);
        ledger.SetState(At(6, 20), MachineState.Running);
        ledger.Count(At(6, 50), 50, 0);
        ledger.SetState(At(7, 0), MachineState.Down);
        ledger.SetState(At(7, 0, 20), MachineState.Running);
        ledger.Count(At(7, 30), 40, 5);
        ledger.SetState(At(8, 0), MachineState.Down);
        ledger.SetState(At(8, 30), MachineState.Running);
        ledger.Count(At(9, 0), 90, 0);
        ledger.SetState(At(10, 0), MachineState.Idle);
        ledger.SetState(At(10, 30), MachineState.Running);
        ledger.Count(At(11, 0), 100, 5);
        ledger.SetState(At(12, 0), MachineState.Down);
        ledger.SetState(At(12, 0, 10), MachineState.Running);
        ledger.Count(At(13, 30), 100, 0);
        var intervals = Drain(ledger, At(14, 0));
        return (ledger, intervals);
    }

    [Fact]
    public void NormalShift_Elements_AsComputedByHand()
    {
        var (_, intervals) = NormalShift();
        var totals = OeeTotals.Sum(intervals);

        Assert.Equal(TimeSpan.FromMinutes(30), totals.PlannedDownTime);
        Assert.Equal(TimeSpan.FromMinutes(480), totals.PlannedOperationTime);
        Assert.Equal(TimeSpan.FromMinutes(450), totals.PlannedBusyTime);
        Assert.Equal(TimeSpan.FromMinutes(20), totals.SetupTime);
        Assert.Equal(TimeSpan.FromMinutes(30.5), totals.UnitDelayTime);
        Assert.Equal(TimeSpan.FromMinutes(399.5), totals.ProductionTime);
        Assert.Equal(TimeSpan.Zero, totals.UnitDownTime);
        Assert.Equal(TimeSpan.Zero, totals.NoData);
        Assert.Equal(TimeSpan.FromSeconds(30), totals.MicroStopTime);
        Assert.Equal(2, totals.MicroStops);
        Assert.Equal(1, totals.Failures);
        Assert.Equal(TimeSpan.FromMinutes(30), totals.FailureTime);
        Assert.Equal(380, totals.Good);
        Assert.Equal(10, totals.Scrap);
        Assert.Equal(TimeSpan.FromMinutes(390), totals.IdealTime);
    }

    [Fact]
    public void NormalShift_Intervals_ContiguousFromShiftStartToEnd()
    {
        var (_, intervals) = NormalShift();

        Assert.Equal(At(6, 0), intervals[0].Start);
        Assert.Equal(At(14, 0), intervals[^1].End);
        for (var i = 1; i < intervals.Count; i++)
        {
            Assert.Equal(intervals[i - 1].End, intervals[i].Start);
        }

        Assert.All(intervals, i => Assert.Equal("early", i.ShiftId));
        Assert.All(intervals, i => Assert.True(i.End > i.Start));
    }

    [Fact]
    public void NormalShift_IsoConvention_KpisAsComputedByHand()
    {
        var (_, intervals) = NormalShift();
        var kpis = OeeKpis.From(OeeTotals.Sum(intervals), MicroStopConvention.Iso);

        Assert.Equal(399.5 / 450, kpis.Availability!.Value, 12);
        Assert.Equal(390 / 399.5, kpis.Effectiveness!.Value, 12);
        Assert.Equal(380.0 / 390, kpis.Quality!.Value, 12);
        Assert.Equal(380.0 / 450, kpis.Oee!.Value, 12); // A × E × Q = GQ × PRU / PBT
        Assert.Equal(419.5 / 450 * (390 / 399.5) * (380.0 / 390), kpis.Nee!.Value, 12);
        Assert.Equal(399.5 / 430, kpis.TechnicalEfficiency!.Value, 12);
        Assert.Equal(20 / 419.5, kpis.SetupRate!.Value, 12);
        Assert.Equal(10.0 / 390, kpis.ScrapRatio!.Value, 12);
        Assert.Equal(TimeSpan.FromMinutes(399.5), kpis.Mtbf);
        Assert.Equal(TimeSpan.FromMinutes(30), kpis.Mttr);
    }

    [Fact]
    public void NormalShift_ThresholdConvention_MinorStopsMoveFromAvailabilityToEffectiveness()
    {
        var (_, intervals) = NormalShift();
        var kpis = OeeKpis.From(OeeTotals.Sum(intervals), MicroStopConvention.Threshold);

        Assert.Equal(MicroStopConvention.Threshold, kpis.Convention);
        Assert.Equal(400.0 / 450, kpis.Availability!.Value, 12);
        Assert.Equal(390.0 / 400, kpis.Effectiveness!.Value, 12);
        Assert.Equal(380.0 / 450, kpis.Oee!.Value, 12); // the same OEE, split differently
        Assert.Equal(400.0 / 430, kpis.TechnicalEfficiency!.Value, 12);
    }

    [Fact]
    public void NormalShift_Stops_OneRecordOpenedAndOneClosedPerStop_MinorOnesMarked()
    {
        var (ledger, _) = NormalShift();
        var stops = ledger.TakeStops();

        var closed = stops.Where(s => s.End is not null).ToArray();
        Assert.Equal(5, closed.Length); // setup, minor stop, failure, idle in the break, minor stop
        Assert.Equal(5, stops.Count(s => s.End is null));
        Assert.Equal([false, true, false, false, true], closed.Select(s => s.MicroStop));
        Assert.Equal([1L, 2, 3, 4, 5], closed.Select(s => s.StopId));
        Assert.All(closed, s => Assert.Equal("O-1", s.OrderId));
    }

    [Fact]
    public void FailureAcrossShiftBoundary_SplitInTwo_CountedOnceInTheShiftItStarted()
    {
        var calendar = new TestCalendar(
            new CalendarPeriod(At(6, 0), At(14, 0), CalendarTimeKind.Operating, "early", "Early", DateOnly.FromDateTime(Day.UtcDateTime), null),
            new CalendarPeriod(At(14, 0), At(22, 0), CalendarTimeKind.Operating, "late", "Late", DateOnly.FromDateTime(Day.UtcDateTime), null));
        var ledger = new MachineLedger("m1", calendar, TimeSpan.FromSeconds(30), At(6, 0));
        ledger.SetJob(At(6, 0), Order);
        ledger.SetState(At(6, 0), MachineState.Running);
        ledger.SetState(At(13, 50), MachineState.Down);
        ledger.SetState(At(14, 20), MachineState.Running);
        var intervals = Drain(ledger, At(22, 0));

        var pieces = intervals.Where(i => i.State == MachineState.Down).ToArray();
        Assert.Equal(2, pieces.Length);
        Assert.Equal((At(13, 50), At(14, 0), "early", true), (pieces[0].Start, pieces[0].End, pieces[0].ShiftId, pieces[0].StopStart));
        Assert.Equal((At(14, 0), At(14, 20), "late", false), (pieces[1].Start, pieces[1].End, pieces[1].ShiftId, pieces[1].StopStart));
        Assert.Equal(pieces[0].StopId, pieces[1].StopId);

        var early = OeeTotals.Sum(intervals.Where(i => i.ShiftId == "early"));
        var late = OeeTotals.Sum(intervals.Where(i => i.ShiftId == "late"));
        Assert.Equal((1L, TimeSpan.FromMinutes(10)), (early.Failures, early.FailureTime));
        Assert.Equal((0L, TimeSpan.FromMinutes(20)), (late.Failures, late.FailureTime));
        Assert.Equal(1, early.Add(late).Failures);
    }

    [Fact]
    public void MinorStopAcrossShiftBoundary_BothPiecesMinor_OneMinorStop()
    {
        var calendar = new TestCalendar(
            new CalendarPeriod(At(6, 0), At(14, 0), CalendarTimeKind.Operating, "early", "Early", default, null),
            new CalendarPeriod(At(14, 0), At(22, 0), CalendarTimeKind.Operating, "late", "Late", default, null));
        var ledger = new MachineLedger("m1", calendar, TimeSpan.FromSeconds(30), At(6, 0));
        ledger.SetJob(At(6, 0), Order);
        ledger.SetState(At(6, 0), MachineState.Running);
        ledger.SetState(At(13, 59, 50), MachineState.Down);
        ledger.AdvanceTo(At(14, 0, 5));
        Assert.DoesNotContain(ledger.TakeClosed(), i => i.State == MachineState.Down); // held: minor or not is not known yet
        ledger.SetState(At(14, 0, 10), MachineState.Running);
        var intervals = Drain(ledger, At(22, 0));

        var pieces = intervals.Where(i => i.State == MachineState.Down).ToArray();
        Assert.Equal(2, pieces.Length);
        Assert.All(pieces, p => Assert.True(p.MicroStop));
        var totals = OeeTotals.Sum(intervals);
        Assert.Equal((1L, TimeSpan.FromSeconds(20), 0L), (totals.MicroStops, totals.MicroStopTime, totals.Failures));
    }

    [Fact]
    public void StopReachingTheThreshold_PiecesReleasedWithoutWaitingForItsEnd()
    {
        var calendar = new TestCalendar(
            new CalendarPeriod(At(6, 0), At(14, 0), CalendarTimeKind.Operating, "early", "Early", default, null),
            new CalendarPeriod(At(14, 0), At(22, 0), CalendarTimeKind.Operating, "late", "Late", default, null));
        var ledger = new MachineLedger("m1", calendar, TimeSpan.FromSeconds(30), At(6, 0));
        ledger.SetJob(At(6, 0), Order);
        ledger.SetState(At(13, 0), MachineState.Down);
        ledger.AdvanceTo(At(14, 0, 1));

        var closed = ledger.TakeClosed();
        Assert.Contains(closed, i => i is { State: MachineState.Down, End: var end, MicroStop: false } && end == At(14, 0));
    }

    [Fact]
    public void OrderEndsDuringStop_DelayTimeThenDownTime_OneStop()
    {
        var ledger = new MachineLedger("m1", TestCalendar.Always, TimeSpan.FromSeconds(30), At(6, 0));
        ledger.SetJob(At(6, 0), Order);
        ledger.SetState(At(6, 0), MachineState.Running);
        ledger.SetState(At(7, 0), MachineState.Down);
        ledger.SetJob(At(7, 10), null);
        ledger.SetState(At(7, 30), MachineState.Idle);
        var intervals = Drain(ledger, At(8, 0));

        var down = intervals.Where(i => i.State == MachineState.Down).ToArray();
        Assert.Equal([TimeElement.UnitDelayTime, TimeElement.UnitDownTime], down.Select(i => i.Element));
        Assert.Single(down.Select(i => i.StopId).Distinct());
        Assert.Equal([true, false], down.Select(i => i.StopStart));
        Assert.Equal([null, null], down.Skip(1).Select(i => i.OrderId).Prepend(null));
    }

    [Fact]
    public void LateEvent_AppliedAtTheOpenIntervalsStart_TimeNeverRunsBackwards()
    {
        var ledger = new MachineLedger("m1", TestCalendar.Always, TimeSpan.Zero, At(6, 0));
        ledger.SetState(At(6, 0), MachineState.Running);
        ledger.SetState(At(7, 0), MachineState.Down);
        ledger.SetState(At(6, 30), MachineState.Running); // older than the open interval
        var intervals = Drain(ledger, At(8, 0));

        Assert.Equal(
            [(At(6, 0), At(7, 0), MachineState.Running), (At(7, 0), At(8, 0), MachineState.Running)],
            intervals.Select(i => (i.Start, i.End, i.State)));
    }

    [Fact]
    public void UnknownStateBeforeFirstReport_NoData()
    {
        var ledger = new MachineLedger("m1", TestCalendar.Always, TimeSpan.Zero, At(6, 0));
        ledger.SetState(At(6, 15), MachineState.Running);
        var intervals = Drain(ledger, At(7, 0));

        Assert.Equal(TimeSpan.FromMinutes(15), OeeTotals.Sum(intervals).NoData);
        Assert.Equal(TimeSpan.FromMinutes(60), OeeTotals.Sum(intervals).PlannedBusyTime);
    }

    [Fact]
    public void CountsOutsideShift_NotPlanned_NotInAnyKpi()
    {
        var ledger = new MachineLedger("m1", TestCalendar.Shift(At(6, 0), 8), TimeSpan.Zero, At(6, 0));
        ledger.SetJob(At(6, 0), Order);
        ledger.SetState(At(6, 0), MachineState.Running);
        ledger.Count(At(13, 0), 10, 0);
        ledger.Count(At(14, 30), 4, 0);
        var totals = OeeTotals.Sum(Drain(ledger, At(15, 0)));

        Assert.Equal(10, totals.Good);
        Assert.Equal(4, totals.ProducedNotPlanned);
        Assert.Equal(TimeSpan.FromHours(1), totals.NotPlanned);
    }

    [Fact]
    public void SnapshotAndRestore_SameLedgerAsWithoutRestart()
    {
        var calendar = TestCalendar.Shift(At(6, 0), 8, (4, 30));
        void First(MachineLedger l)
        {
            l.SetJob(At(6, 0), Order);
            l.SetState(At(6, 0), MachineState.Running);
            l.Count(At(7, 0), 30, 1);
            l.SetState(At(9, 59, 50), MachineState.Down); // a stop pending its minor-stop decision at the snapshot
            l.AdvanceTo(At(10, 0, 5));
        }

        void Second(MachineLedger l)
        {
            l.SetState(At(10, 0, 10), MachineState.Running);
            l.Count(At(11, 0), 20, 0);
        }

        var straight = new MachineLedger("m1", calendar, TimeSpan.FromSeconds(30), At(6, 0));
        First(straight);
        Second(straight);
        var expected = Drain(straight, At(14, 0));

        var before = new MachineLedger("m1", calendar, TimeSpan.FromSeconds(30), At(6, 0));
        First(before);
        var part1 = before.TakeClosed();
        var restored = new MachineLedger("m1", calendar, TimeSpan.FromSeconds(30), before.Snapshot());
        Second(restored);
        var part2 = Drain(restored, At(14, 0));

        Assert.Equal(expected, [.. part1, .. part2]);
    }

    [Fact]
    public void Unsettled_PendingAndOpen_CompleteTheLiveFigure()
    {
        var (ledger, settled) = (new MachineLedger("m1", TestCalendar.Always, TimeSpan.FromSeconds(30), At(6, 0)), new List<LedgerInterval>());
        ledger.SetJob(At(6, 0), Order);
        ledger.SetState(At(6, 0), MachineState.Running);
        ledger.Count(At(6, 30), 25, 0);
        ledger.SetState(At(6, 59, 50), MachineState.Down);
        settled.AddRange(ledger.TakeClosed());

        var live = OeeTotals.Sum([.. settled, .. ledger.Unsettled(At(7, 0))]);

        Assert.Equal(TimeSpan.FromHours(1), live.PlannedBusyTime);
        Assert.Equal(TimeSpan.FromSeconds(10), live.UnitDelayTime);
        Assert.Equal(25, live.Good);
    }
}
