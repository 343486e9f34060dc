using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Data;

namespace SmartShop.Server.Traceability;

/// <summary>
/// Genealogy queries. Backward: everything that went into a unit or lot (lots consumed, and the lots those were split
/// or merged from), with where, when and by whom. Forward: the recall scope of a lot (the lots made from it, every unit
/// containing any of them, and those units' orders, cases and pallets). Both walk the links with one recursive query.
/// </summary>
public static class TraceEndpoints
{
    public static WebApplication MapTrace(this WebApplication app)
    {
        var trace = app.MapGroup("/api/trace").WithTags("Traceability");
        trace.MapGet("/units/{serial}", BackwardFromUnit).WithSummary("Backward trace of a unit: what went into it, where, when and by whom.");
        trace.MapGet("/lots/{id}/backward", BackwardFromLot).WithSummary("Backward trace of a lot: the lots it was split or merged from.");
        trace.MapGet("/lots/{id}/forward", Forward).WithSummary("Forward trace of a lot (the recall scope): derived lots, units, orders, cases and pallets.");
        trace.MapGet("/epcis", EpcisExport.Export).WithSummary("GS1 EPCIS 2.0 JSON-LD events of an order: commissioning, transformation and aggregation.");
        return app;
    }

    /// <summary>Lots upstream of the start (the lots consumed into a unit, or a lot's sources), transitively.</summary>
    internal static Task<List<string>> UpstreamLotsAsync(SmartShopDb db, string startKind, string startId, CancellationToken ct) =>
        db.Database.SqlQuery<string>($"""
            WITH RECURSIVE up(lot) AS (
                SELECT source_lot FROM genealogy_link WHERE target_kind = {startKind} AND target_id = {startId}
                UNION
                SELECT g.source_lot FROM genealogy_link g JOIN up ON g.target_kind = 'lot' AND g.target_id = up.lot
            )
            SELECT lot AS "Value" FROM up
            """).ToListAsync(ct);

    /// <summary>The lot and every lot made from it by splits and merges, transitively.</summary>
    internal static Task<List<string>> DownstreamLotsAsync(SmartShopDb db, string lot, CancellationToken ct) =>
        db.Database.SqlQuery<string>($"""
            WITH RECURSIVE down(lot) AS (
                SELECT {lot}
                UNION
                SELECT g.target_id FROM genealogy_link g JOIN down ON g.source_lot = down.lot AND g.target_kind = 'lot'
            )
            SELECT lot AS "Value" FROM down
            """).ToListAsync(ct);

    private static async Task<Results<Ok<BackwardTraceResponse>, ProblemHttpResult>> BackwardFromUnit(string serial, SmartShopDb db, CancellationToken ct)
    {
        var unit = await UnitEndpoints.LoadAsync(db, serial, ct);
        if (unit is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no unit with serial '{serial}'.", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(await BackwardAsync(db, "unit", serial, unit, ct));
    }

    private static async Task<Results<Ok<BackwardTraceResponse>, ProblemHttpResult>> BackwardFromLot(string id, SmartShopDb db, CancellationToken ct)
    {
        if (!await db.Lots.AnyAsync(l => l.Id == id, ct))
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no lot '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(await BackwardAsync(db, "lot", id, null, ct));
    }

    private static async Task<BackwardTraceResponse> BackwardAsync(SmartShopDb db, string kind, string id, UnitResponse? unit, CancellationToken ct)
    {
        var lots = await UpstreamLotsAsync(db, kind, id, ct);
        var links = await db.GenealogyLinks.AsNoTracking()
            .Where(l => (l.TargetKind == kind && l.TargetId == id) || (l.TargetKind == "lot" && lots.Contains(l.TargetId)))
            .ToListAsync(ct);

        // Depth: 1 for what went straight in, 2 for what went into that, and so on (nearest first).
        var depth = new Dictionary<(string, string), int> { [(kind, id)] = 0 };
        var ordered = new List<TraceLinkResponse>();
        var frontier = new Queue<(string Kind, string Id)>([(kind, id)]);
        while (frontier.Count > 0)
        {
            var (k, target) = frontier.Dequeue();
            foreach (var link in links.Where(l => l.TargetKind == k && l.TargetId == target).OrderBy(l => l.Id))
            {
                var d = depth[(k, target)] + 1;
                ordered.Add(new TraceLinkResponse(link.Kind, link.SourceLot, link.TargetKind, link.TargetId, link.Quantity, link.Unit,
                    DateTimeOffset.FromUnixTimeMilliseconds(link.AtMs), link.By, link.OrderId, link.MachineId, link.OperationSeq, d));
                if (depth.TryAdd(("lot", link.SourceLot), d))
                {
                    frontier.Enqueue(("lot", link.SourceLot));
                }
            }
        }

        var lotRows = await db.Lots.AsNoTracking().Where(l => lots.Contains(l.Id)).OrderBy(l => l.Id).ToListAsync(ct);
        return new BackwardTraceResponse(kind, id, unit, ordered, lotRows.Select(LotEndpoints.ToResponse).ToList());
    }

    private static async Task<Results<Ok<ForwardTraceResponse>, ProblemHttpResult>> Forward(
        string id, SmartShopDb db, [Description("At most this many unit serials in the answer (1-100000, default 1000); the count is always complete.")] int? limit, CancellationToken ct)
    {
        if (!await db.Lots.AnyAsync(l => l.Id == id, ct))
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no lot '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var lots = await DownstreamLotsAsync(db, id, ct);

        // The units are found from the lots' links (index on source_lot), not by testing every unit for a link: that
        // shape made SQLite scan all units, 16 s per trace at 1 million units (tests/SmartShop.Trace.Bench/RESULTS.md).
        // Count, orders, cases and pallets come from one grouped pass: (order, case) pairs are few, units many, and
        // the cases' pallets are joined in the database (a recall's thousands of cases are no query parameters).
        var consumers = db.GenealogyLinks.Where(l => l.TargetKind == "unit" && lots.Contains(l.SourceLot)).Select(l => l.TargetId);
        var units = db.Units.AsNoTracking().Where(u => consumers.Contains(u.Serial));
        var groups = await (
            from g in units.GroupBy(u => new { u.OrderId, u.ContainerId }).Select(g => new { g.Key.OrderId, g.Key.ContainerId, Count = g.LongCount() })
            join c in db.Containers on g.ContainerId equals c.Id into packed
            from c in packed.DefaultIfEmpty()
            select new { g.OrderId, g.ContainerId, Pallet = c == null ? null : c.ParentId, g.Count }).ToListAsync(ct);
        var count = groups.Sum(g => g.Count);
        var serials = count == 0 ? [] : await units.OrderBy(u => u.Serial).Select(u => u.Serial).Take(Math.Clamp(limit ?? 1000, 1, 100_000)).ToListAsync(ct);
        static List<string> Sorted(IEnumerable<string?> ids) => [.. ids.OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        return TypedResults.Ok(new ForwardTraceResponse(id, lots.Where(l => l != id).OrderBy(l => l).ToList(), count, serials,
            Sorted(groups.Select(g => g.OrderId)), Sorted(groups.Select(g => g.ContainerId)), Sorted(groups.Select(g => g.Pallet))));
    }
}
