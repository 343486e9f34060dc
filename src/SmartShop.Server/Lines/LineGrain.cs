using SmartShop.Core.Oee;
using SmartShop.Grains;
using SmartShop.Grains.Concurrency;
using SmartShop.Server.Machines;
using SmartShop.Server.Oee;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Lines;

/// <summary>One grain per production line, keyed by the line id from the plant file.</summary>
public interface ILineGrain : IGrainWithStringKey
{
    /// <summary>
    /// The line's live figure for the current shift, counted at its constraint machine (all machines summed when the
    /// plant file names none), with every machine's own figure, and the line's starved and blocked time per machine.
    /// </summary>
    [ReadOnly]
    Task<LineLive> GetLive();
}

/// <summary>A line's live state: the figure's totals (for roll-ups), and the response shown.</summary>
public sealed record LineLive(OeeTotals Totals, LineLiveResponse Response);

/// <summary>
/// A line: it knows its machines and its constraint (key) machine, whose output is the line's output (ISO 22400), and
/// aggregates its machines' live figures. Starved and blocked time stay per machine: a starved constraint is the line's
/// upstream loss, a blocked one its downstream loss. Work-order dispatch to the line's machines will live here too.
/// </summary>
[GrainType("line")]
public sealed class LineGrain(PlantCatalog catalog, IGrainFactory grains) : Grain, ILineGrain
{
    public async Task<LineLive> GetLive()
    {
        var id = this.GetPrimaryKeyString();
        var line = catalog.Plant.FindLine(id) ?? throw new InvalidOperationException($"No line '{id}' in the plant file.");
        var machines = line.AllMachines.ToArray();
        var lives = await Task.WhenAll(machines.Select(m => grains.GetGrain<IMachineGrain>(m.Id).GetLive()));
        var counted = line.ConstraintMachineId is { } constraint ? lives.Where(l => l.Status.MachineId == constraint).ToArray() : lives;
        var totals = counted.Aggregate(OeeTotals.Empty, (sum, l) => sum.Add(l.Totals));
        var health = counted.Select(l => l.Health).ToArray();
        var figure = OeeFigure.From(
            totals,
            health.Select(h => h.ClockSkew).FirstOrDefault(s => s is not null),
            health.Any(h => h.Issues.Contains(DataHealthIssue.StaleCounter)),
            health.Sum(h => h.UnclassifiedStops));
        return new LineLive(totals, new LineLiveResponse(line.Id, line.ConstraintMachineId, figure, [.. lives.Select(MachineLiveResponse.From)]));
    }
}
