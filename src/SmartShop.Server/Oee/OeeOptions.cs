namespace SmartShop.Server.Oee;

/// <summary>Configuration section <c>Oee</c>.</summary>
public sealed class OeeOptions
{
    public const string Section = "Oee";

    /// <summary>
    /// How often each machine's settled ledger and state are written (in one transaction): samples are batched, not
    /// written one by one. A crash loses none of them either way: the counters are re-read from the PLC.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A stop without a reason longer than this is flagged for follow-up.</summary>
    public TimeSpan UnclassifiedAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A running machine whose counter has not moved for this many ideal cycles (at least 2 minutes) has a stale counter.</summary>
    public double StaleCounterCycles { get; set; } = 5;
}
