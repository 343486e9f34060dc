using System.Collections.Immutable;

namespace SmartShop.Core.Oee;

/// <summary>
/// A machine's running totals for one shift instance (shift id and production day), and the stops begun in it, so the
/// live figure is a sum kept up to date instead of a query. A value: the grain replaces it.
/// </summary>
public readonly record struct ShiftTotals(string? ShiftId, DateOnly ProductionDay, OeeTotals Totals, ImmutableDictionary<long, ShiftStop> Stops)
{
    public static ShiftTotals For(LedgerInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        return new ShiftTotals(interval.ShiftId, interval.ProductionDay, OeeTotals.Empty, ImmutableDictionary<long, ShiftStop>.Empty);
    }

    public bool Contains(LedgerInterval interval) =>
        interval is not null && interval.ShiftId == ShiftId && interval.ProductionDay == ProductionDay;

    public ShiftTotals Add(LedgerInterval interval)
    {
        var totals = this with { Totals = Totals.Add(interval) };
        if (interval.StopStart && interval.StopId is { } id && !(Stops ?? ImmutableDictionary<long, ShiftStop>.Empty).ContainsKey(id))
        {
            totals = totals with { Stops = (Stops ?? ImmutableDictionary<long, ShiftStop>.Empty).SetItem(id, new ShiftStop(interval.Start, null, null, false)) };
        }

        return totals;
    }

    /// <summary>Records a stop's end, minor-stop decision and PLC code (for stops begun in this shift).</summary>
    public ShiftTotals Track(StopRecord stop, int? plcCode)
    {
        ArgumentNullException.ThrowIfNull(stop);
        var stops = Stops ?? ImmutableDictionary<long, ShiftStop>.Empty;
        var existing = stops.GetValueOrDefault(stop.StopId);
        if (existing is null && stop.End is not null)
        {
            return this; // begun in another shift
        }

        var updated = new ShiftStop(stop.Start, stop.End, plcCode ?? existing?.PlcCode, stop.MicroStop, existing?.Classified ?? false);
        return this with { Stops = stops.SetItem(stop.StopId, updated) };
    }

    /// <summary>A person gave the stop a reason (classified or split it): it no longer needs follow-up.</summary>
    public ShiftTotals MarkClassified(long stopId)
    {
        var stops = Stops ?? ImmutableDictionary<long, ShiftStop>.Empty;
        return stops.TryGetValue(stopId, out var stop) ? this with { Stops = stops.SetItem(stopId, stop with { Classified = true }) } : this;
    }

    /// <summary>Stops begun in this shift, not minor, without a reason, lasting (or having lasted) longer than <paramref name="after"/>.</summary>
    public int UnclassifiedStops(DateTimeOffset now, TimeSpan after)
    {
        var count = 0;
        foreach (var stop in (Stops ?? ImmutableDictionary<long, ShiftStop>.Empty).Values)
        {
            if (!stop.MicroStop && stop.PlcCode is null && !stop.Classified && (stop.End ?? now) - stop.Start > after)
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>A stop as the shift's totals know it.</summary>
public sealed record ShiftStop(DateTimeOffset Start, DateTimeOffset? End, int? PlcCode, bool MicroStop, bool Classified = false);
