using System.Globalization;
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
        var unsaved = await Task.WhenAll(machines.Select(m => grains.GetGrain<Machines.IMachineGrain>(m).GetUnsaved()));
        var savedThrough = machines.Zip(unsaved, (m, u) => (m, u.SavedThrough)).ToDictionary(x => x.m, x => x.SavedThrough, StringComparer.Ordinal);
        var intervals = await store.IntervalsAsync(machines, from, to, cancellationToken);
        intervals.RemoveAll(i => i.End > savedThrough[i.MachineId]); // written after the grain answered: in its unsaved list
        foreach (var interval in unsaved.SelectMany(u => u.Intervals))
        {
            if (interval.Start < to && interval.End >= from && (interval.End > from || interval.Produced > 0))
            {
                intervals.Add(LedgerStore.Clip(interval, from, to));
            }
        }

        var groups = new SortedDictionary<string, (LedgerInterval First, OeeTotals Totals)>(StringComparer.Ordinal);
        foreach (var interval in intervals)
        {
            var key = Key(interval, grouping);
            groups[key] = groups.TryGetValue(key, out var g) ? (g.First, g.Totals.Add(interval)) : (interval, OeeTotals.Empty.Add(interval));
        }

        if (grouping == OeeGrouping.None && groups.Count == 0)
        {
            groups[""] = (null!, OeeTotals.Empty);
        }

        var result = groups.Select(g => Group(g.Key, g.Value.First, g.Value.Totals, grouping)).ToArray();
        return new OeeHistory(scope.ToString().ToLowerInvariant(), id, from, to, grouping.ToString().ToLowerInvariant(), machines, result);
    }

    private static string Key(LedgerInterval i, OeeGrouping grouping) => grouping switch
    {
        OeeGrouping.Shift => $"{i.ProductionDay:yyyy-MM-dd}/{i.ShiftId}",
        OeeGrouping.Day => i.ProductionDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        OeeGrouping.Week => $"{ISOWeek.GetYear(i.ProductionDay.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(i.ProductionDay.ToDateTime(TimeOnly.MinValue)):00}",
        OeeGrouping.Product => i.ProductId ?? "",
        OeeGrouping.Order => i.OrderId ?? "",
        OeeGrouping.Machine => i.MachineId,
        _ => "",
    };

    private static OeeGroup Group(string key, LedgerInterval? first, OeeTotals totals, OeeGrouping grouping) => new(
        key,
        grouping is OeeGrouping.Shift or OeeGrouping.Day && first is not null ? first.ProductionDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        grouping == OeeGrouping.Shift ? first?.ShiftId : null,
        grouping == OeeGrouping.Product ? first?.ProductId : null,
        grouping == OeeGrouping.Order ? first?.OrderId : null,
        grouping == OeeGrouping.Machine ? first?.MachineId : null,
        OeeFigure.From(totals));
}
