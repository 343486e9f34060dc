using SmartShop.Server.Oee;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>Compares an API figure with hand-computed values: time elements in seconds, ratios to 6 decimal places.</summary>
internal static class FigureAssert
{
    /// <summary>Ratios are written in the tests rounded to 6 decimals.</summary>
    private const double RatioTolerance = 1e-6;

    /// <summary>Elements in seconds, compared to the millisecond (the database keeps milliseconds; sums of them carry binary rounding).</summary>
    public static void Elements(
        OeeFigure figure, double pot, double pdot, double adot, double adet, double aust, double apt, double noData = 0, double microStopTime = 0)
    {
        var e = figure.Elements;
        var actual = new
        {
            Pot = Ms(e.Pot),
            Pdot = Ms(e.Pdot),
            Pbt = Ms(e.Pbt),
            Adot = Ms(e.Adot),
            Adet = Ms(e.Adet),
            Aust = Ms(e.Aust),
            Apt = Ms(e.Apt),
            Aupt = Ms(e.Aupt),
            NoData = Ms(e.NoData),
            MicroStopTime = Ms(e.MicroStopTime),
        };
        var expected = new
        {
            Pot = Ms(pot),
            Pdot = Ms(pdot),
            Pbt = Ms(pot - pdot),
            Adot = Ms(adot),
            Adet = Ms(adet),
            Aust = Ms(aust),
            Apt = Ms(apt),
            Aupt = Ms(aust + apt),
            NoData = Ms(noData),
            MicroStopTime = Ms(microStopTime),
        };
        Assert.Equal(expected, actual);
    }

    private static double Ms(double seconds) => Math.Round(seconds, 3);

    public static void Quantities(OeeFigure figure, long good, long scrap, double idealSeconds, long microStops = 0, long failures = 0)
    {
        var q = figure.Quantities;
        Assert.Equal(
            new { Produced = good + scrap, Good = good, Scrap = scrap, IdealSeconds = idealSeconds, MicroStops = microStops, Failures = failures, WithoutIdealTime = 0L },
            new { q.Produced, q.Good, q.Scrap, q.IdealSeconds, q.MicroStops, q.Failures, q.WithoutIdealTime });
    }

    /// <summary>A ratio written to 6 decimals, or null where the KPI is undefined.</summary>
    public static void Ratio(double? expected, double? actual, string what)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{what}: expected null (undefined), got {actual}");
            return;
        }

        Assert.True(actual is not null, $"{what}: expected {expected}, got null");
        Assert.True(Math.Abs(expected.Value - actual.Value) <= RatioTolerance, $"{what}: expected {expected}, got {actual}");
    }

    /// <summary>Seconds (MTBF, MTTR), exact to the millisecond, or null.</summary>
    public static void Seconds(double? expected, double? actual, string what)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{what}: expected null (undefined), got {actual}");
            return;
        }

        Assert.True(actual is not null && Math.Abs(expected.Value - actual.Value) < 0.001, $"{what}: expected {expected} s, got {actual}");
    }
}
