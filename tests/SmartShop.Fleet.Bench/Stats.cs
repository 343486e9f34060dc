using System.Globalization;

namespace SmartShop.Fleet.Bench;

/// <summary>Order statistics of a sample (nearest rank: a percentile is a value that was measured).</summary>
public sealed class Stats
{
    private readonly double[] _sorted;

    public Stats(IEnumerable<double> values)
    {
        _sorted = [.. values.Where(v => !double.IsNaN(v)).Order()];
    }

    public int Count => _sorted.Length;

    public double Median => Percentile(50);

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();

    public double Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public static string F(double value, string format = "0") =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
