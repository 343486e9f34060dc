using System.Globalization;
using SmartShop.Core.Oee;

namespace SmartShop.Server.Oee;

/// <summary>Time elements in seconds (ISO 22400-2 names), as the API returns them.</summary>
public sealed record OeeElements(
    double Pot,
    double Pdot,
    double Pbt,
    double Adot,
    double Adet,
    double Aust,
    double Apt,
    double Aupt,
    double NoData,
    double MicroStopTime,
    double NotPlanned,
    double Starved,
    double Blocked)
{
    public static OeeElements From(in OeeTotals t) => new(
        t.PlannedOperationTime.TotalSeconds,
        t.PlannedDownTime.TotalSeconds,
        t.PlannedBusyTime.TotalSeconds,
        t.UnitDownTime.TotalSeconds,
        t.UnitDelayTime.TotalSeconds,
        t.SetupTime.TotalSeconds,
        t.ProductionTime.TotalSeconds,
        t.ProcessingTime.TotalSeconds,
        t.NoData.TotalSeconds,
        t.MicroStopTime.TotalSeconds,
        t.NotPlanned.TotalSeconds,
        t.StarvedTime.TotalSeconds,
        t.BlockedTime.TotalSeconds);
}

/// <summary>Quantities: PQ, GQ, SQ, and Σ PRU × PQ in seconds.</summary>
public sealed record OeeQuantities(long Produced, long Good, long Scrap, double IdealSeconds, long WithoutIdealTime, long NotPlanned, long MicroStops, long Failures)
{
    public static OeeQuantities From(in OeeTotals t) =>
        new(t.Produced, t.Good, t.Scrap, t.IdealTime.TotalSeconds, t.ProducedWithoutIdealTime, t.ProducedNotPlanned, t.MicroStops, t.Failures);
}

/// <summary>The KPIs of one convention; ratios as fractions (0.85 = 85 %), null when undefined; MTBF / MTTR in seconds.</summary>
public sealed record OeeKpiFigures(
    string Convention,
    double? Availability,
    double? Effectiveness,
    double? Quality,
    double? Oee,
    double? Nee,
    double? TechnicalEfficiency,
    double? SetupRate,
    double? ScrapRatio,
    double? MtbfSeconds,
    double? MttrSeconds)
{
    public static OeeKpiFigures From(OeeKpis k) => new(
        k.Convention == MicroStopConvention.Iso ? "iso" : "threshold",
        k.Availability,
        k.Effectiveness,
        k.Quality,
        k.Oee,
        k.Nee,
        k.TechnicalEfficiency,
        k.SetupRate,
        k.ScrapRatio,
        k.Mtbf?.TotalSeconds,
        k.Mttr?.TotalSeconds);
}

public sealed record DataHealthFigures(bool Healthy, IReadOnlyList<string> Issues, double NoDataSeconds, double? ClockSkewSeconds, int UnclassifiedStops, long UnitsWithoutIdealTime, double ProductionWithoutOrderSeconds)
{
    public static DataHealthFigures From(DataHealth h) => new(
        h.IsHealthy,
        [.. h.Issues.Select(i => JsonNamingPolicyCamel(i.ToString()))],
        h.NoData.TotalSeconds,
        h.ClockSkew?.TotalSeconds,
        h.UnclassifiedStops,
        h.UnitsWithoutIdealTime,
        h.ProductionWithoutOrder.TotalSeconds);

    private static string JsonNamingPolicyCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>One figure: elements, quantities, the KPIs under both minor-stop conventions, and its data health.</summary>
public sealed record OeeFigure(OeeElements Elements, OeeQuantities Quantities, OeeKpiFigures Iso, OeeKpiFigures Threshold, DataHealthFigures Health)
{
    public static OeeFigure From(in OeeTotals totals, TimeSpan? clockSkew = null, bool counterStale = false, int unclassifiedStops = 0)
    {
        var iso = OeeKpis.From(totals, MicroStopConvention.Iso);
        var threshold = OeeKpis.From(totals, MicroStopConvention.Threshold);
        return new OeeFigure(
            OeeElements.From(totals),
            OeeQuantities.From(totals),
            OeeKpiFigures.From(iso),
            OeeKpiFigures.From(threshold),
            DataHealthFigures.From(DataHealth.Evaluate(totals, iso, clockSkew, counterStale, unclassifiedStops)));
    }

    /// <summary>CSV header of <see cref="CsvValues"/>.</summary>
    public static string CsvHeader =>
        "pot_s,pdot_s,pbt_s,adot_s,adet_s,aust_s,apt_s,no_data_s,micro_stop_s,produced,good,scrap,ideal_s,"
        + "availability,effectiveness,quality,oee,nee,technical_efficiency,setup_rate,scrap_ratio,mtbf_s,mttr_s,"
        + "availability_threshold,effectiveness_threshold,oee_threshold,health";

    public string CsvValues()
    {
        static string N(double? v) => v is { } x ? x.ToString("0.######", CultureInfo.InvariantCulture) : "";
        var e = Elements;
        var q = Quantities;
        var k = Iso;
        return string.Join(',',
            N(e.Pot), N(e.Pdot), N(e.Pbt), N(e.Adot), N(e.Adet), N(e.Aust), N(e.Apt), N(e.NoData), N(e.MicroStopTime),
            q.Produced.ToString(CultureInfo.InvariantCulture), q.Good.ToString(CultureInfo.InvariantCulture), q.Scrap.ToString(CultureInfo.InvariantCulture), N(q.IdealSeconds),
            N(k.Availability), N(k.Effectiveness), N(k.Quality), N(k.Oee), N(k.Nee), N(k.TechnicalEfficiency), N(k.SetupRate), N(k.ScrapRatio), N(k.MtbfSeconds), N(k.MttrSeconds),
            N(Threshold.Availability), N(Threshold.Effectiveness), N(Threshold.Oee),
            string.Join(' ', Health.Issues));
    }
}
