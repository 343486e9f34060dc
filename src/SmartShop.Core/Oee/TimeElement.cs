namespace SmartShop.Core.Oee;

/// <summary>
/// The ISO 22400-2 time element an instant of a machine's time belongs to (OEE.md). Planned busy time (PBT) is
/// everything from <see cref="UnitDownTime"/> on; planned operation time (POT) adds <see cref="PlannedDownTime"/>.
/// </summary>
public enum TimeElement
{
    /// <summary>Outside planned operation time (no shift, holiday): not part of any KPI.</summary>
    NotPlanned,

    /// <summary>PDOT: breaks and planned downtime from the calendar, or the machine put in planned down.</summary>
    PlannedDownTime,

    /// <summary>ADOT: available but no order active (idle, down or setting up outside an order).</summary>
    UnitDownTime,

    /// <summary>ADET: failures, minor stops and other unplanned interruptions while an order is active.</summary>
    UnitDelayTime,

    /// <summary>AUST: setup / changeover while an order is active.</summary>
    SetupTime,

    /// <summary>APT: producing.</summary>
    ProductionTime,

    /// <summary>
    /// Planned busy time in which the machine's state is not known (never reported, connection lost). Counted in PBT,
    /// so it lowers availability, and always reported as data health; the quantities counted after the gap are kept.
    /// </summary>
    NoData,
}

/// <summary>Where minor stops (stops shorter than the machine's threshold during an order) are counted (OEE.md rule 2).</summary>
public enum MicroStopConvention
{
    /// <summary>ISO 22400: recorded minor stops are delay time (ADET), an availability loss.</summary>
    Iso,

    /// <summary>The threshold ("Nakajima") convention: stops under the threshold are production time, a performance loss.</summary>
    Threshold,
}
