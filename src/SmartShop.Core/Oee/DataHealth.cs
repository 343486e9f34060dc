namespace SmartShop.Core.Oee;

/// <summary>What may make a figure untrustworthy (OEE.md rule 6); travels with every figure.</summary>
public enum DataHealthIssue
{
    /// <summary>Planned busy time without data (connection lost, MES down, never reported).</summary>
    ConnectionGap,

    /// <summary>Effectiveness above 100 %: the ideal cycle time in the plant file is slower than the machine.</summary>
    EffectivenessAbove100,

    /// <summary>The PLC's source time differs from the MES clock by more than the tolerance.</summary>
    ClockSkew,

    /// <summary>The machine has been running without its counter moving for longer than a few cycles.</summary>
    StaleCounter,

    /// <summary>Stops longer than the follow-up time without a reason.</summary>
    UnclassifiedStops,

    /// <summary>Units counted without a known ideal cycle time (no order or no PRU for the product): left out of effectiveness.</summary>
    UnitsWithoutIdealTime,

    /// <summary>Production time without an active order.</summary>
    ProductionWithoutOrder,
}

/// <summary>The data health of a figure: the issues, and the numbers behind them.</summary>
public sealed record DataHealth(
    IReadOnlyList<DataHealthIssue> Issues,
    TimeSpan NoData,
    TimeSpan? ClockSkew,
    int UnclassifiedStops,
    long UnitsWithoutIdealTime,
    TimeSpan ProductionWithoutOrder)
{
    public bool IsHealthy => Issues.Count == 0;

    /// <summary>The skew the clock may have before it is flagged.</summary>
    public static TimeSpan ClockSkewTolerance { get; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The health of <paramref name="totals"/>; <paramref name="clockSkew"/>, <paramref name="counterStale"/> and
    /// <paramref name="unclassifiedStops"/> come from the live machine (null / false / 0 for history).
    /// </summary>
    public static DataHealth Evaluate(in OeeTotals totals, OeeKpis kpis, TimeSpan? clockSkew = null, bool counterStale = false, int unclassifiedStops = 0)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        var issues = new List<DataHealthIssue>();
        if (totals.NoData > TimeSpan.Zero)
        {
            issues.Add(DataHealthIssue.ConnectionGap);
        }

        if (kpis.Effectiveness > 1)
        {
            issues.Add(DataHealthIssue.EffectivenessAbove100);
        }

        if (clockSkew is { } skew && skew.Duration() > ClockSkewTolerance)
        {
            issues.Add(DataHealthIssue.ClockSkew);
        }

        if (counterStale)
        {
            issues.Add(DataHealthIssue.StaleCounter);
        }

        if (unclassifiedStops > 0)
        {
            issues.Add(DataHealthIssue.UnclassifiedStops);
        }

        if (totals.ProducedWithoutIdealTime > 0)
        {
            issues.Add(DataHealthIssue.UnitsWithoutIdealTime);
        }

        if (totals.ProductionWithoutOrder > TimeSpan.Zero)
        {
            issues.Add(DataHealthIssue.ProductionWithoutOrder);
        }

        return new DataHealth(issues, totals.NoData, clockSkew, unclassifiedStops, totals.ProducedWithoutIdealTime, totals.ProductionWithoutOrder);
    }
}
