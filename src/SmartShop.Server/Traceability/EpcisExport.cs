using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Server.Data;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Traceability;

/// <summary>
/// An order's history as a GS1 EPCIS 2.0 document (JSON-LD): an ObjectEvent commissioning each unit at its machine, a
/// TransformationEvent per unit with its component lots as inputs, and an AggregationEvent per case and pallet. The
/// identifiers are URIs under <see cref="TraceabilityOptions.EpcBase"/> (EPCIS 2.0 allows any URI; a plant with GS1
/// company prefixes would map serials to SGTINs and lots to LGTINs here).
/// </summary>
public static class EpcisExport
{
    // UN/ECE Recommendation 20 codes for the units plants use most; other units leave uom out.
    private static readonly Dictionary<string, string> UnitCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pcs"] = "H87", ["pc"] = "H87", ["ea"] = "H87", ["each"] = "H87", ["unit"] = "H87", ["units"] = "H87", ["件"] = "H87", ["个"] = "H87",
        ["kg"] = "KGM", ["g"] = "GRM", ["t"] = "TNE", ["m"] = "MTR", ["mm"] = "MMT", ["m2"] = "MTK", ["l"] = "LTR", ["ml"] = "MLT",
    };

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        string? orderId, SmartShopDb db, PlantCatalog catalog, IOptions<TraceabilityOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(orderId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["orderId"] = ["orderId is required: the order whose events to export."] });
        }

        if (!await db.WorkOrders.AnyAsync(o => o.Id == orderId, ct))
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no work order '{orderId}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var baseUri = options.Value.EpcBase ?? $"urn:smartshop:{catalog.Plant.Enterprise.Id}:";
        var zone = catalog.Plant.Sites[0].TimeZone;
        var units = await db.Units.AsNoTracking().Where(u => u.OrderId == orderId).OrderBy(u => u.ProducedAtMs).ThenBy(u => u.Serial).ToListAsync(ct);
        var serials = units.Select(u => u.Serial).ToList();
        var links = await db.GenealogyLinks.AsNoTracking().Where(l => l.TargetKind == "unit" && serials.Contains(l.TargetId)).ToListAsync(ct);
        var lotIds = links.Select(l => l.SourceLot).Distinct().ToList();
        var materials = await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Material, ct);
        var caseIds = units.Where(u => u.ContainerId != null).Select(u => u.ContainerId!).Distinct().ToList();
        var cases = await db.Containers.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToListAsync(ct);
        var palletIds = cases.Where(c => c.ParentId != null).Select(c => c.ParentId!).Distinct().ToList();
        var pallets = await db.Containers.AsNoTracking().Where(c => palletIds.Contains(c.Id)).ToListAsync(ct);
        var palletCases = await db.Containers.AsNoTracking().Where(c => c.ParentId != null && palletIds.Contains(c.ParentId)).ToListAsync(ct);

        string Unit(string serial) => $"{baseUri}unit:{Uri.EscapeDataString(serial)}";
        string LotClass(string lot) => $"{baseUri}lot:{Uri.EscapeDataString(materials.GetValueOrDefault(lot, "unknown"))}:{Uri.EscapeDataString(lot)}";
        string Container(string id) => $"{baseUri}container:{Uri.EscapeDataString(id)}";
        string Machine(string? id) => $"{baseUri}machine:{Uri.EscapeDataString(id ?? "unknown")}";
        JsonObject Time(long ms)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            var offset = zone.GetUtcOffset(at);
            return new JsonObject
            {
                ["eventTime"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["eventTimeZoneOffset"] = (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture),
            };
        }

        JsonObject Event(string type, long ms, string bizStep, string? machine)
        {
            var e = new JsonObject { ["type"] = type };
            foreach (var (key, value) in Time(ms))
            {
                e[key] = value?.DeepClone();
            }

            e["bizStep"] = bizStep;
            if (machine is not null)
            {
                e["readPoint"] = new JsonObject { ["id"] = Machine(machine) };
            }

            e["bizTransactionList"] = new JsonArray(new JsonObject { ["type"] = "prodorder", ["bizTransaction"] = $"{baseUri}order:{Uri.EscapeDataString(orderId)}" });
            return e;
        }

        var events = new JsonArray();
        foreach (var unit in units)
        {
            var commissioning = Event("ObjectEvent", unit.ProducedAtMs, "commissioning", unit.MachineId);
            commissioning["epcList"] = new JsonArray(Unit(unit.Serial));
            commissioning["action"] = "ADD";
            commissioning["disposition"] = unit.Quality == "good" ? "active" : "destroyed";
            events.Add(commissioning);

            var inputs = links.Where(l => l.TargetId == unit.Serial).ToList();
            if (inputs.Count > 0)
            {
                var transformation = Event("TransformationEvent", unit.ProducedAtMs, "assembling", unit.MachineId);
                var quantities = new JsonArray();
                foreach (var input in inputs)
                {
                    var quantity = new JsonObject { ["epcClass"] = LotClass(input.SourceLot), ["quantity"] = (double)input.Quantity };
                    if (UnitCodes.TryGetValue(input.Unit, out var code) && code != "H87")
                    {
                        quantity["uom"] = code;
                    }

                    quantities.Add(quantity);
                }

                transformation["inputQuantityList"] = quantities;
                transformation["outputEPCList"] = new JsonArray(Unit(unit.Serial));
                events.Add(transformation);
            }
        }

        foreach (var c in cases.OrderBy(c => c.CreatedAtMs))
        {
            var aggregation = Event("AggregationEvent", c.CreatedAtMs, "packing", null);
            aggregation["parentID"] = Container(c.Id);
            aggregation["childEPCs"] = new JsonArray(units.Where(u => u.ContainerId == c.Id).Select(u => (JsonNode)Unit(u.Serial)).ToArray());
            aggregation["action"] = "ADD";
            events.Add(aggregation);
        }

        foreach (var p in pallets.OrderBy(p => p.CreatedAtMs))
        {
            var aggregation = Event("AggregationEvent", p.CreatedAtMs, "packing", null);
            aggregation["parentID"] = Container(p.Id);
            aggregation["childEPCs"] = new JsonArray(palletCases.Where(c => c.ParentId == p.Id).Select(c => (JsonNode)Container(c.Id)).ToArray());
            aggregation["action"] = "ADD";
            events.Add(aggregation);
        }

        var document = new JsonObject
        {
            ["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/epcis-context.jsonld"),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["epcisBody"] = new JsonObject { ["eventList"] = events },
        };
        return TypedResults.Content(document.ToJsonString(), "application/ld+json");
    }
}
