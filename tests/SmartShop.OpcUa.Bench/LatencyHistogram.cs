namespace SmartShop.OpcUa.Bench;

/// <summary>
/// Latencies in 0.1 ms buckets up to 10 s, then one overflow bucket: the layout plc-sim/bench/client-subscribe.js
/// uses too, so both consumers report percentiles the same way (the bucket's middle). Not thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    public const int Buckets = 100_000;
    private const long TicksPerBucket = TimeSpan.TicksPerMillisecond / 10;

    private readonly long[] _counts = new long[Buckets + 1];

    public long Count { get; private set; }

    /// <summary>Samples whose source timestamp was later than the receive time (clock steps, rounding); counted in bucket 0.</summary>
    public long Negative { get; private set; }

    public void Add(long latencyTicks)
    {
        Count++;
        if (latencyTicks < 0)
        {
            Negative++;
            latencyTicks = 0;
        }

        _counts[Math.Min(Buckets, latencyTicks / TicksPerBucket)]++;
    }

    /// <summary>The latency below which a fraction <paramref name="p"/> of the samples fall, ms; null without samples.</summary>
    public double? PercentileMs(double p)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(Count * p);
        long seen = 0;
        for (var i = 0; i <= Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return (i + 0.5) / 10;
            }
        }

        return null;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        Negative = 0;
    }
}
