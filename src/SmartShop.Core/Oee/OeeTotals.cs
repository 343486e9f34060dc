namespace SmartShop.Core.Oee;

/// <summary>
/// The sums every figure is computed from (OEE.md rule 3: roll-ups sum elements and quantities, then divide; never
/// average percentages). Add intervals of any machines, shifts or days; add totals to totals. A value: adding copies, without
/// allocating, so 30 days of 1,000 machines sum cheaply.
/// </summary>
public readonly record struct OeeTotals
{
    public TimeSpan NotPlanned { get; init; }

    /// <summary>PDOT.</summary>
    public TimeSpan PlannedDownTime { get; init; }

    /// <summary>ADOT.</summary>
    public TimeSpan UnitDownTime { get; init; }

    /// <summary>ADET, minor stops included.</summary>
    public TimeSpan UnitDelayTime { get; init; }

    /// <summary>AUST.</summary>
    public TimeSpan SetupTime { get; init; }

    /// <summary>APT (minor stops not included).</summary>
    public TimeSpan ProductionTime { get; init; }

    /// <summary>Planned busy time without data (connection lost, never reported).</summary>
    public TimeSpan NoData { get; init; }

    /// <summary>Planned busy time the machine was starved (its input empty), in ADET or ADOT.</summary>
    public TimeSpan StarvedTime { get; init; }

    /// <summary>Planned busy time the machine was blocked (its output full), in ADET or ADOT.</summary>
    public TimeSpan BlockedTime { get; init; }

    /// <summary>The part of ADET that was minor stops.</summary>
    public TimeSpan MicroStopTime { get; init; }

    public long MicroStops { get; init; }

    /// <summary>Stops of the down state during an order that were not minor: the failures MTBF and MTTR count.</summary>
    public long Failures { get; init; }

    /// <summary>ADET of those failures.</summary>
    public TimeSpan FailureTime { get; init; }

    /// <summary>GQ.</summary>
    public long Good { get; init; }

    /// <summary>SQ.</summary>
    public long Scrap { get; init; }

    /// <summary>Σ PRU × PQ over units with a known PRU.</summary>
    public TimeSpan IdealTime { get; init; }

    /// <summary>Units produced without a known PRU (no order, or no ideal cycle time for the product): effectiveness leaves them out.</summary>
    public long ProducedWithoutIdealTime { get; init; }

    /// <summary>Units counted outside planned operation time (not in any KPI).</summary>
    public long ProducedNotPlanned { get; init; }

    /// <summary>APT without an active order.</summary>
    public TimeSpan ProductionWithoutOrder { get; init; }

    public static OeeTotals Empty => default;

    /// <summary>PQ.</summary>
    public long Produced => Good + Scrap;

    /// <summary>PBT = POT − PDOT.</summary>
    public TimeSpan PlannedBusyTime => UnitDownTime + UnitDelayTime + SetupTime + ProductionTime + NoData;

    /// <summary>POT.</summary>
    public TimeSpan PlannedOperationTime => PlannedBusyTime + PlannedDownTime;

    /// <summary>AUPT = AUST + APT.</summary>
    public TimeSpan ProcessingTime => SetupTime + ProductionTime;

    public OeeTotals Add(LedgerInterval interval) => Add(LedgerSum.Of(interval));

    /// <summary>Adds intervals summed alike (by the database, for long windows): the same as adding each.</summary>
    public OeeTotals Add(LedgerSum sum)
    {
        var d = sum.Duration;
        if (sum.Element == TimeElement.NotPlanned)
        {
            return this with { NotPlanned = NotPlanned + d, ProducedNotPlanned = ProducedNotPlanned + sum.Produced };
        }

        var t = sum.Element switch
        {
            TimeElement.PlannedDownTime => this with { PlannedDownTime = PlannedDownTime + d },
            TimeElement.UnitDownTime => this with { UnitDownTime = UnitDownTime + d },
            TimeElement.UnitDelayTime => this with { UnitDelayTime = UnitDelayTime + d },
            TimeElement.SetupTime => this with { SetupTime = SetupTime + d },
            TimeElement.ProductionTime => this with { ProductionTime = ProductionTime + d },
            _ => this with { NoData = NoData + d },
        };

        if (sum.State == Machines.MachineState.Starved)
        {
            t = t with { StarvedTime = t.StarvedTime + d };
        }
        else if (sum.State == Machines.MachineState.Blocked)
        {
            t = t with { BlockedTime = t.BlockedTime + d };
        }

        if (sum.MicroStop)
        {
            t = t with { MicroStopTime = t.MicroStopTime + d, MicroStops = t.MicroStops + sum.StopStarts };
        }
        else if (sum.Element == TimeElement.UnitDelayTime && sum.State == Machines.MachineState.Down)
        {
            t = t with { FailureTime = t.FailureTime + d, Failures = t.Failures + sum.StopStarts };
        }

        if (sum.Element == TimeElement.ProductionTime && sum.WithoutOrder)
        {
            t = t with { ProductionWithoutOrder = t.ProductionWithoutOrder + d };
        }

        return t with
        {
            Good = t.Good + sum.Good,
            Scrap = t.Scrap + sum.Scrap,
            IdealTime = t.IdealTime + sum.IdealTime,
            ProducedWithoutIdealTime = t.ProducedWithoutIdealTime + sum.ProducedWithoutIdealTime,
        };
    }

    public OeeTotals Add(OeeTotals other)
    {
        return new OeeTotals
        {
            NotPlanned = NotPlanned + other.NotPlanned,
            PlannedDownTime = PlannedDownTime + other.PlannedDownTime,
            UnitDownTime = UnitDownTime + other.UnitDownTime,
            UnitDelayTime = UnitDelayTime + other.UnitDelayTime,
            SetupTime = SetupTime + other.SetupTime,
            ProductionTime = ProductionTime + other.ProductionTime,
            NoData = NoData + other.NoData,
            StarvedTime = StarvedTime + other.StarvedTime,
            BlockedTime = BlockedTime + other.BlockedTime,
            MicroStopTime = MicroStopTime + other.MicroStopTime,
            MicroStops = MicroStops + other.MicroStops,
            Failures = Failures + other.Failures,
            FailureTime = FailureTime + other.FailureTime,
            Good = Good + other.Good,
            Scrap = Scrap + other.Scrap,
            IdealTime = IdealTime + other.IdealTime,
            ProducedWithoutIdealTime = ProducedWithoutIdealTime + other.ProducedWithoutIdealTime,
            ProducedNotPlanned = ProducedNotPlanned + other.ProducedNotPlanned,
            ProductionWithoutOrder = ProductionWithoutOrder + other.ProductionWithoutOrder,
        };
    }

    public static OeeTotals Sum(IEnumerable<LedgerInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var totals = Empty;
        foreach (var interval in intervals)
        {
            totals = totals.Add(interval);
        }

        return totals;
    }
}
