namespace SmartShop.Core.Oee;

/// <summary>
/// The ISO 22400-2 KPIs of a set of <see cref="OeeTotals"/>, for one minor-stop convention. A ratio whose denominator
/// is zero is null (no planned busy time, nothing produced), never 0 or 100 %. Effectiveness is kept raw: above 1 it is
/// reported, not capped, and <see cref="DataHealth"/> says so.
/// </summary>
public sealed record OeeKpis(
    MicroStopConvention Convention,
    double? Availability,
    double? Effectiveness,
    double? Quality,
    double? Oee,
    double? Nee,
    double? TechnicalEfficiency,
    double? SetupRate,
    double? ScrapRatio,
    TimeSpan? Mtbf,
    TimeSpan? Mttr,
    TimeSpan ProductionTime,
    TimeSpan UnitDelayTime,
    TimeSpan PlannedBusyTime)
{
    /// <summary>
    /// Availability = APT / PBT; Effectiveness = Σ(PRU × PQ) / APT; Quality = GQ / PQ; OEE = their product;
    /// NEE = AUPT / PBT × Effectiveness × Quality; technical efficiency = APT / (APT + ADET); setup rate = AUST / AUPT;
    /// scrap ratio = SQ / PQ; MTBF = APT / failures; MTTR = failure time / failures. Under the threshold convention the
    /// minor-stop time moves from ADET to APT before dividing (so it lowers effectiveness instead of availability).
    /// Effectiveness counts only units with a known PRU against all of APT; units without one are reported in
    /// <see cref="OeeTotals.ProducedWithoutIdealTime"/>.
    /// </summary>
    public static OeeKpis From(in OeeTotals totals, MicroStopConvention convention)
    {
        var apt = totals.ProductionTime;
        var adet = totals.UnitDelayTime;
        if (convention == MicroStopConvention.Threshold)
        {
            apt += totals.MicroStopTime;
            adet -= totals.MicroStopTime;
        }

        var pbt = totals.PlannedBusyTime;
        var aupt = totals.SetupTime + apt;
        var availability = Ratio(apt, pbt);
        var effectiveness = Ratio(totals.IdealTime, apt);
        var quality = totals.Produced > 0 ? (double)totals.Good / totals.Produced : (double?)null;
        var oee = availability * effectiveness * quality;
        var nee = Ratio(aupt, pbt) * effectiveness * quality;
        return new OeeKpis(
            convention,
            availability,
            effectiveness,
            quality,
            oee,
            nee,
            Ratio(apt, apt + adet),
            Ratio(totals.SetupTime, aupt),
            totals.Produced > 0 ? (double)totals.Scrap / totals.Produced : null,
            totals.Failures > 0 ? apt / totals.Failures : null,
            totals.Failures > 0 ? totals.FailureTime / totals.Failures : null,
            apt,
            adet,
            pbt);
    }

    private static double? Ratio(TimeSpan numerator, TimeSpan denominator) =>
        denominator > TimeSpan.Zero ? numerator / denominator : null;
}
