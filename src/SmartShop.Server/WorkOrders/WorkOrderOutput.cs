using SmartShop.Core.Plant;
using SmartShop.Grains;
using SmartShop.Server.Machines;
using SmartShop.Server.Oee;

namespace SmartShop.Server.WorkOrders;

/// <summary>Good and scrap units counted for an order at its output machines.</summary>
public readonly record struct OutputCount(long Good, long Scrap)
{
    /// <summary>Good units still wanted of <paramref name="quantity"/>; never below 0.</summary>
    public decimal Remaining(decimal quantity) => Math.Max(0, quantity - Good);

    /// <summary>Good units of <paramref name="quantity"/>, 0-100.</summary>
    public double Percent(decimal quantity) => quantity == 0 ? 0 : Math.Min(100, (double)(Good / quantity) * 100);
}

/// <summary>An order and the machines its units are counted at.</summary>
public sealed record OrderOutputs(string OrderId, IReadOnlyList<string> Machines);

/// <summary>
/// Units of orders counted at their output, from the OEE ledger by order number: what is stored, and what the output
/// machines' grains have not written yet. The one way an order's progress is counted, for one order (its grain) and
/// for a page of the list alike, so the two agree.
/// </summary>
public sealed class WorkOrderOutput(LedgerStore ledger, IGrainFactory grains)
{
    /// <summary>
    /// Where an order's finished units are counted: the machines of its last operation (the machine it names, or the
    /// last machine of its line in plant order, where finished units leave the line). None for a line the plant no
    /// longer has.
    /// </summary>
    public static IReadOnlyList<string> OutputMachines(string? lineId, string? machineId, PlantDefinition plant) =>
        machineId is not null ? [machineId]
        : lineId is not null && plant.FindLine(lineId)?.AllMachines.LastOrDefault() is { } last ? [last.Id]
        : [];

    /// <summary>Each order's units at its own output machines (units of an order at other machines are not its output).</summary>
    public async Task<IReadOnlyDictionary<string, OutputCount>> CountAsync(IReadOnlyCollection<OrderOutputs> orders, CancellationToken cancellationToken)
    {
        var machines = orders.SelectMany(o => o.Machines).Distinct(StringComparer.Ordinal).ToArray();

        // The grains first, as the history does (OeeQueries): what they have not written yet, and up to where the
        // database is complete for each. Intervals a grain writes after it answered are left out of the sum below.
        var unsaved = await UnsavedLedgers.OfAsync(grains, machines, cancellationToken);
        var savedThrough = machines.Zip(unsaved, (m, u) => (m, u.SavedThrough)).ToDictionary(x => x.m, x => x.SavedThrough, StringComparer.Ordinal);

        var counts = new Dictionary<(string OrderId, string MachineId), OutputCount>();
        void Add(string orderId, string machineId, long good, long scrap)
        {
            var sum = counts.GetValueOrDefault((orderId, machineId));
            counts[(orderId, machineId)] = new OutputCount(sum.Good + good, sum.Scrap + scrap);
        }

        var ids = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        foreach (var sum in await ledger.SumOrderUnitsAsync(ids, savedThrough, cancellationToken))
        {
            Add(sum.OrderId, sum.MachineId, sum.Good, sum.Scrap);
        }

        foreach (var interval in unsaved.SelectMany(u => u.Intervals))
        {
            if (interval.OrderId is { } orderId && ids.Contains(orderId) && (interval.Good > 0 || interval.Scrap > 0))
            {
                Add(orderId, interval.MachineId, interval.Good, interval.Scrap);
            }
        }

        return orders.ToDictionary(
            o => o.OrderId,
            o => o.Machines.Distinct(StringComparer.Ordinal).Aggregate(default(OutputCount), (total, m) => counts.TryGetValue((o.OrderId, m), out var c)
                ? new OutputCount(total.Good + c.Good, total.Scrap + c.Scrap)
                : total),
            StringComparer.Ordinal);
    }
}
