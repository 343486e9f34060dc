using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Core.Machines;
using SmartShop.Core.Plant;
using SmartShop.Core.WorkOrders;
using SmartShop.Grains;
using SmartShop.Server.Andon;
using SmartShop.Server.Data;
using SmartShop.Server.Machines;
using SmartShop.Server.Plant;
using SmartShop.Server.Shifts;
using SmartShop.Server.WorkOrders;

namespace SmartShop.Server.Terminal;

/// <summary>A place an operator terminal serves: a line or one machine.</summary>
public sealed record StationSummaryResponse(string Id, string Kind, string Name, string LineId, string LineName, IReadOnlyList<string> MachineIds);

/// <summary>One tap on a terminal: a reason of the machine type's short list.</summary>
public sealed record ShortReasonResponse(string Id, string Name, IReadOnlyList<string> Path);

/// <param name="StopId">The stop in progress, if the machine is stopped.</param>
/// <param name="StopNeedsReason">True when the stop has no reason yet (neither from the PLC nor from a person): the terminal asks.</param>
/// <param name="RatePerHour">Units per hour at the last cycle time.</param>
/// <param name="GoodThisShift">Good units counted this shift.</param>
public sealed record StationMachineResponse(
    string Id,
    string Name,
    string State,
    DateTimeOffset Since,
    string? Reason,
    string Source,
    long? StopId,
    bool StopNeedsReason,
    double? RatePerHour,
    long GoodThisShift,
    long ScrapThisShift,
    string? PlcJob,
    IReadOnlyList<ShortReasonResponse> Reasons);

/// <summary>Units of an order recorded at a station (scanned or reported at its terminal), by quality.</summary>
public sealed record StationUnitsResponse(int Good, int Scrap);

/// <summary>Everything a station's terminal shows, in one answer.</summary>
/// <param name="Order">The order running (or paused) here, else the next released one.</param>
/// <param name="Queue">Released orders waiting for this station, most urgent first.</param>
/// <param name="OrderUnits">Units of <paramref name="Order"/> recorded at this station's machines: the actual count where
/// no PLC counts (the order's progress counts at its output machines); null without an order.</param>
public sealed record StationResponse(
    StationSummaryResponse Station,
    IReadOnlyList<StationMachineResponse> Machines,
    WorkOrderResponse? Order,
    IReadOnlyList<WorkOrderSummaryResponse> Queue,
    IReadOnlyList<AndonCallResponse> Andon,
    IReadOnlyList<HandoverNoteResponse> Handover,
    string? ShiftId,
    DateTimeOffset ShiftEnd,
    StationUnitsResponse? OrderUnits);

public static class StationEndpoints
{
    public static WebApplication MapStations(this WebApplication app)
    {
        var stations = app.MapGroup("/api/stations").WithTags("Terminal");
        stations.MapGet("/", List).WithSummary("The stations a terminal can serve: every line and every machine.");
        stations.MapGet("/{id}", Get).WithSummary("A station's current order with target and actual, its machines' state and rate, stop reasons to pick, andon calls and handover notes.");
        return app;
    }

    private static Ok<IReadOnlyList<StationSummaryResponse>> List(PlantCatalog catalog)
    {
        var result = new List<StationSummaryResponse>();
        foreach (var line in catalog.Plant.Lines)
        {
            result.Add(new StationSummaryResponse(line.Id, "line", line.Name, line.Id, line.Name, line.AllMachines.Select(m => m.Id).ToList()));
            result.AddRange(line.AllMachines.Select(m => new StationSummaryResponse(m.Id, "machine", m.Name, line.Id, line.Name, [m.Id])));
        }

        return TypedResults.Ok<IReadOnlyList<StationSummaryResponse>>(result);
    }

    private static StationSummaryResponse? Find(PlantDefinition plant, string id)
    {
        if (plant.FindLine(id) is { } line)
        {
            return new StationSummaryResponse(line.Id, "line", line.Name, line.Id, line.Name, line.AllMachines.Select(m => m.Id).ToList());
        }

        return plant.LocateMachine(id) is { } at
            ? new StationSummaryResponse(at.Machine.Id, "machine", at.Machine.Name, at.Line.Id, at.Line.Name, [at.Machine.Id])
            : null;
    }

    private static async Task<Results<Ok<StationResponse>, ProblemHttpResult>> Get(
        string id, PlantCatalog catalog, IGrainFactory grains, SmartShopDb db, WorkOrderStore store, IOptions<AndonOptions> andonOptions, CancellationToken ct)
    {
        var plant = catalog.Plant;
        if (Find(plant, id) is not { } station)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no line or machine '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var machines = new List<StationMachineResponse>();
        string? shiftId = null;
        var shiftEnd = DateTimeOffset.MaxValue;
        foreach (var machineId in station.MachineIds)
        {
            var machine = plant.FindMachine(machineId)!;
            var live = await grains.GetGrain<IMachineGrain>(machineId).GetLive();
            shiftId ??= live.ShiftId;
            shiftEnd = live.ShiftEnd < shiftEnd ? live.ShiftEnd : shiftEnd;
            // A stop needs a reason when the PLC gave no code the plant file maps and nobody has classified it yet. A
            // stop the PLC reports is asked about once it outlasts the machine's minor-stop threshold: minor stops are
            // many and short, and prompting for each would bury the ones that matter.
            var needsReason = false;
            var outlasted = live.Status.Source != MachineStateSource.Plc
                || await grains.GetGrain<IMachineGrain>(machineId).GetMachineTime() - live.Status.Since >= machine.MicroStopThreshold;
            if (live.StopId is { } stopId && outlasted)
            {
                var plcCode = await db.DowntimeEvents.AsNoTracking().Where(e => e.MachineId == machineId && e.StopId == stopId).Select(e => e.PlcCode).FirstOrDefaultAsync(ct);
                var classified = await db.DowntimeReasonChanges.AsNoTracking().AnyAsync(c => c.MachineId == machineId && c.StopId == stopId, ct);
                needsReason = !classified && (plcCode is not { } code || machine.StopReasonId(code) is null);
            }

            machines.Add(new StationMachineResponse(
                machine.Id,
                machine.Name,
                live.Status.State.ToString(),
                live.Status.Since,
                live.Status.Reason,
                live.Status.Source.ToString().ToLowerInvariant(),
                live.StopId,
                needsReason,
                live.LastCycleTime is > 0 ? Math.Round(3600 / live.LastCycleTime.Value, 1) : null,
                live.Totals.Good,
                live.Totals.Scrap,
                live.Job?.OrderId,
                ShortList(plant, machine)));
        }

        // Orders with an operation here (the machine, or its line).
        var targets = new List<string> { station.Id, station.LineId };
        targets.AddRange(station.MachineIds);
        var candidates = await db.WorkOrders.AsNoTracking().Include(o => o.Operations)
            .Where(o => (o.Status == "running" || o.Status == "paused" || o.Status == "released")
                && o.Operations.Any(op => targets.Contains(op.LineId!) || targets.Contains(op.MachineId!)))
            .OrderBy(o => o.Status == "running" ? 0 : o.Status == "paused" ? 1 : 2).ThenBy(o => o.Priority).ThenBy(o => o.DueAtMs == null).ThenBy(o => o.DueAtMs)
            .Take(20).ToListAsync(ct);
        var current = candidates.FirstOrDefault();
        WorkOrderResponse? order = null;
        StationUnitsResponse? units = null;
        if (current is not null)
        {
            var row = (await store.FindAsync(current.Id, ct))!;
            order = await store.ToResponseAsync(row, ct, await grains.GetGrain<IWorkOrderGrain>(current.Id).GetProgress());
            var machineIds = station.MachineIds;
            var counts = await db.Units.AsNoTracking().Where(u => u.OrderId == current.Id && machineIds.Contains(u.MachineId!))
                .GroupBy(u => u.Quality).Select(g => new { Quality = g.Key, Count = g.Count() }).ToListAsync(ct);
            units = new StationUnitsResponse(
                counts.Where(c => c.Quality == "good").Sum(c => c.Count),
                counts.Where(c => c.Quality == "scrap").Sum(c => c.Count));
        }

        var queue = candidates.Where(o => o.Status == "released" && o != current).Select(o => new WorkOrderSummaryResponse(
            o.Id, o.Product, o.Quantity, o.Unit, o.DueAtMs is { } due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null, o.Priority, o.Status,
            o.Operations.OrderBy(op => op.Seq).Select(op => op.MachineId ?? op.LineId!).ToList(), null)).ToList();

        var andon = await db.AndonCalls.AsNoTracking().Where(c => targets.Contains(c.Station) && c.Status != "closed").OrderBy(c => c.RaisedAtMs).ToListAsync(ct);
        var handover = await db.HandoverNotes.AsNoTracking().Where(n => targets.Contains(n.Station)).OrderByDescending(n => n.WrittenAtMs).Take(5).ToListAsync(ct);
        return TypedResults.Ok(new StationResponse(
            station,
            machines,
            order,
            queue,
            andon.Select(c => AndonEndpoints.ToResponse(c, andonOptions.Value.Escalation)).ToList(),
            handover.Select(n => new HandoverNoteResponse(n.Id, n.Station, n.ShiftId, n.ProductionDay, n.Text, DateTimeOffset.FromUnixTimeMilliseconds(n.WrittenAtMs), n.WrittenBy)).ToList(),
            shiftId,
            shiftEnd,
            units));
    }

    /// <summary>The reasons the plant offers for the machine's type (its short list: one tap each), else the tree's second level.</summary>
    private static IReadOnlyList<ShortReasonResponse> ShortList(PlantDefinition plant, MachineDefinition machine)
    {
        var menu = plant.ReasonMenuFor(machine.Id);
        if (menu is null)
        {
            return [];
        }

        var ids = menu.Offered ?? plant.DowntimeReasons.Roots.SelectMany(r => r.Children.Count > 0 ? r.Children : [r]).Select(r => r.Id).ToList();
        return ids.Select(reasonId =>
        {
            var path = plant.DowntimeReasons.PathTo(reasonId);
            return new ShortReasonResponse(reasonId, path.Count > 0 ? path[^1].Name : reasonId, path.Select(p => p.Name).ToList());
        }).ToList();
    }
}
