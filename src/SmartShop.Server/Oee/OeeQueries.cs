using System.Globalization;
using System.Runtime.InteropServices;
using SmartShop.Core.Oee;
using SmartShop.Core.Plant;
using SmartShop.Grains;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Oee;

/// <summary>What a figure is about: a machine, or a line, area, site or the plant (counted at their lines' constraint machines).</summary>
public enum OeeScope
{
    Machine,
    Line,
    Area,
    Site,
    Plant,
}

/// <summary>How history is grouped.</summary>
public enum OeeGrouping
{
    None,
    Shift,
    Day,
    Week,
    Product,
    Order,
    Machine,
}

/// <summary>One group of a history query and its figure.</summary>
public sealed record OeeGroup(string Key, string? ProductionDay, string? ShiftId, string? ProductId, string? OrderId, string? MachineId, OeeFigure Figure);

/// <summary>A history answer: the scope, the window, the machines counted, and the groups in key order.</summary>
public sealed record OeeHistory(string Scope, string Id, DateTimeOffset From, DateTimeOffset To, string GroupBy, IReadOnlyList<string> CountedMachines, IReadOnlyList<OeeGroup> Groups);

/// <summary>
/// History figures from the stored ledger, completed up to now with what the machine grains have not written yet (so a
/// window ending now agrees with the live figure). A line is counted at its constraint machine (ISO 22400: the line's output is the
/// constraint's), or at all its machines when none is named; areas, sites and the plant sum their lines. Roll-ups sum
/// elements and quantities, then divide (OEE.md rule 3).
/// </summary>
public sealed class OeeQueries(PlantCatalog catalog, LedgerStore store, IGrainFactory grains)
{
    /// <summary>The machines a scope's figure is counted at, or null for an unknown id.</summary>
    public IReadOnlyList<string>? CountedMachines(OeeScope scope, string id)
    {
        var plant = catalog.Plant;
        IEnumerable<Line>? lines = scope switch
        {
            OeeScope.Machine => null,
            OeeScope.Line => plant.FindLine(id) is { } line ? [line] : null,
            OeeScope.Area => plant.Areas.FirstOrDefault(a => a.Id == id)?.Lines,
            OeeScope.Site => plant.Sites.FirstOrDefault(s => s.Id == id)?.Areas.SelectMany(a => a.Lines),
            _ => plant.Lines,
        };
        if (scope == OeeScope.Machine)
        {
            return plant.FindMachine(id) is null ? null : [id];
        }

        return lines?.SelectMany(l => l.ConstraintMachine is { } constraint ? [constraint.Id] : l.AllMachines.Select(m => m.Id)).ToArray();
    }

    public async Task<OeeHistory?> HistoryAsync(OeeScope scope, string id, DateTimeOffset from, DateTimeOffset to, OeeGrouping grouping, CancellationToken cancellationToken)
    {
        if (CountedMachines(scope, id) is not { } machines)
        {
            return null;
        }

        // The grains first: what they have not written yet, and up to where the database is complete for each.
        var unsaved = await Machines.UnsavedLedgers.OfAsync(grains, machines, cancellationToken);
        var savedThrough = machines.Zip(unsaved, (m, u) => (m, u.SavedThrough)).ToDictionary(x => x.m, x => x.SavedThrough, StringComparer.Ordinal);

        // The stored intervals summed by the database, up to where every machine's are complete; the few after that
        // (the latest minutes, or a long stop still open) read and kept only where their own machine's are complete:
        // later ones were written after the grain answered and are in its unsaved list. Adding up 30 days of 1,000
        // machines (12 million intervals) in the server instead took about two minutes (the fleet bench).
        var byKey = new Dictionary<GroupKey, OeeTotals>();
        var everyoneThrough = savedThrough.Count == 0 ? from : savedThrough.Values.Min();
        foreach (var sum in await store.SumIntervalsAsync(machines, from, to, everyoneThrough, grouping, cancellationToken))
        {
            Accumulate(byKey, new GroupKey(sum.Text, sum.Day ?? default), sum.Sum);
        }

        await foreach (var interval in store.StreamIntervalsAsync(machines, from, to, everyoneThrough, cancellationToken))
        {
            if (interval.End <= savedThrough[interval.MachineId])
            {
                Accumulate(byKey, KeyOf(interval, grouping), LedgerSum.Of(interval));
            }
        }

        foreach (var interval in unsaved.SelectMany(u => u.Intervals))
        {
            if (interval.Start < to && interval.End >= from && (interval.End > from || interval.Produced > 0))
            {
                var clipped = LedgerStore.Clip(interval, from, to);
                Accumulate(byKey, KeyOf(clipped, grouping), LedgerSum.Of(clipped));
            }
        }

        var groups = new SortedDictionary<string, (GroupKey First, OeeTotals Totals)>(StringComparer.Ordinal);
        foreach (var (groupKey, totals) in byKey)
        {
            // Days of one ISO week share its key: their sums are added.
            var key = Key(groupKey, grouping);
            groups[key] = groups.TryGetValue(key, out var g) ? (g.First, g.Totals.Add(totals)) : (groupKey, totals);
        }

        if (grouping == OeeGrouping.None && groups.Count == 0)
        {
            groups[""] = (default, OeeTotals.Empty);
        }

        var result = groups.Select(g => Group(g.Key, g.Value.First, g.Value.Totals, grouping)).ToArray();
        return new OeeHistory(scope.ToString().ToLowerInvariant(), id, from, to, grouping.ToString().ToLowerInvariant(), machines, result);
    }

    /// <summary>What intervals are grouped by while summing: the fields a group's name is made of (weeks by day).</summary>
    private readonly record struct GroupKey(string? Text, DateOnly Day);

    private static GroupKey KeyOf(LedgerInterval interval, OeeGrouping grouping) => grouping switch
    {
        OeeGrouping.Shift => new GroupKey(interval.ShiftId, interval.ProductionDay),
        OeeGrouping.Day or OeeGrouping.Week => new GroupKey(null, interval.ProductionDay),
        OeeGrouping.Product => new GroupKey(interval.ProductId, default),
        OeeGrouping.Order => new GroupKey(interval.OrderId, default),
        OeeGrouping.Machine => new GroupKey(interval.MachineId, default),
        _ => default,
    };

    private static void Accumulate(Dictionary<GroupKey, OeeTotals> groups, GroupKey key, LedgerSum sum)
    {
        ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out _);
        totals = totals.Add(sum);
    }

    private static string Key(GroupKey k, OeeGrouping grouping) => grouping switch
    {
        OeeGrouping.Shift => $"{k.Day:yyyy-MM-dd}/{k.Text}",
        OeeGrouping.Day => k.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        OeeGrouping.Week => $"{ISOWeek.GetYear(k.Day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(k.Day.ToDateTime(TimeOnly.MinValue)):00}",
        OeeGrouping.Product or OeeGrouping.Order or OeeGrouping.Machine => k.Text ?? "",
        _ => "",
    };

    private static OeeGroup Group(string key, GroupKey first, OeeTotals totals, OeeGrouping grouping) => new(
        key,
        grouping is OeeGrouping.Shift or OeeGrouping.Day ? first.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        grouping == OeeGrouping.Shift ? first.Text : null,
        grouping == OeeGrouping.Product ? first.Text : null,
        grouping == OeeGrouping.Order ? first.Text : null,
        grouping == OeeGrouping.Machine ? first.Text : null,
        OeeFigure.From(totals));
}
