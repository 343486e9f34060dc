using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Messages;
using SmartShop.Core.Traceability;
using SmartShop.Core.WorkOrders;
using SmartShop.Grains;
using SmartShop.Server.Audit;
using SmartShop.Server.Auth;
using SmartShop.Server.Data;
using SmartShop.Server.Hosting;
using SmartShop.Server.Machines;
using SmartShop.Server.Plant;
using SmartShop.Server.WorkOrders;

namespace SmartShop.Server.Traceability;

/// <summary>
/// Units as stations finish them: a serial (scanned or issued), the component lots checked against the order's bill of
/// materials and consumed, the machine's values at that moment, and who did it; packing into cases and pallets.
/// </summary>
public static class UnitEndpoints
{
    public const string EntityType = "unit";

    public static WebApplication MapUnits(this WebApplication app)
    {
        app.MapPost("/api/work-orders/{id}/units", Complete).RequireAuthorization(Policies.Operate).WithTags("Traceability")
            .WithSummary("Records a finished unit of a running order: its serial (scanned, or issued from the serial pattern), quality, and the component lots that went into it.");
        app.MapGet("/api/work-orders/{id}/units", ListForOrder).WithTags("Traceability")
            .WithSummary("The order's units, newest first (at most limit: 1-1000, default 100), with how many it has in all and of each quality.");
        var units = app.MapGroup("/api/units").WithTags("Traceability");
        units.MapGet("/{serial}", Get).WithSummary("A unit: order, operation, machine, operator, time, process values, components, case and pallet.");
        units.MapPost("/{serial}/quality", ChangeQuality).RequireAuthorization(Policies.Verdict)
            .WithSummary("Changes a unit's verdict; scrap to good (a scrap override) needs the Quality role and an electronic signature.");
        app.MapPost("/api/containers", Pack).RequireAuthorization(Policies.Operate).WithTags("Traceability")
            .WithSummary("Packs units into a case, or cases onto a pallet.");
        app.MapGet("/api/containers/{id}", GetContainer).WithTags("Traceability").WithSummary("A case or pallet and what it holds.");
        return app;
    }

    private static async Task<Results<Created<UnitResponse>, ValidationProblem, ProblemHttpResult>> Complete(
        string id,
        CompleteUnitRequest request,
        SmartShopDb db,
        CodeIssuer codes,
        AuditTrail audit,
        WriterQueue writers,
        ResolvedDatabase database,
        PlantCatalog catalog,
        IGrainFactory grains,
        TimeProvider clock,
        ClaimsPrincipal caller,
        CancellationToken ct)
    {
        var order = await db.WorkOrders.AsNoTracking().Include(o => o.Operations).Include(o => o.Materials).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no work order '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        if (WorkOrderStore.Status(order) != WorkOrderStatus.Running)
        {
            return TypedResults.Problem(
                title: "Order not running",
                detail: $"Order {id} is {order.Status}, not running: units are recorded while it runs{(order.Status is "released" or "paused" ? "; start or resume it first" : string.Empty)}.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var spec = WorkOrderStore.ToSpec(order);
        var errors = new Dictionary<string, string[]>();
        var serial = string.IsNullOrWhiteSpace(request.Serial) ? null : request.Serial.Trim();
        if (serial is not null && !Codes.IsValid(serial))
        {
            errors["serial"] = [Codes.Describe("serial number", serial)];
        }

        var quality = request.Quality?.Trim().ToLowerInvariant() ?? "good";
        if (quality is not ("good" or "scrap"))
        {
            errors["quality"] = ["Quality is good or scrap."];
        }

        var scrapReason = string.IsNullOrWhiteSpace(request.ScrapReason) ? null : request.ScrapReason.Trim();
        if (quality == "scrap" && scrapReason is null)
        {
            errors["scrapReason"] = ["Say why the unit is scrap."];
        }

        var operation = request.OperationSequence is { } seq ? spec.Operations.FirstOrDefault(o => o.Sequence == seq) : spec.Operations[^1];
        if (operation is null)
        {
            errors["operationSequence"] = [$"Order {id} has no operation {request.OperationSequence}; its operations: {string.Join(", ", spec.Operations.Select(o => o.Sequence))}."];
        }

        var machines = operation is null ? [] : WorkOrderSpec.MachinesOf(operation, catalog.Plant).Select(m => m.Id).ToList();
        var machineId = request.MachineId?.Trim() ?? (machines.Count > 0 ? machines[^1] : null);
        if (operation is not null && machineId is not null && !machines.Contains(machineId))
        {
            errors["machineId"] = [$"Machine {machineId} is not part of operation {operation.Sequence} ({string.Join(", ", machines)})."];
        }

        var processValues = machineId is null || errors.Count > 0 ? null : await ProcessValuesAsync(grains, machineId);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var by = caller.UserName();
        var lineId = machineId is null ? null : catalog.Plant.LocateMachine(machineId)?.Line.Id;
        using var turn = await writers.TurnAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // The order's completions take turns from here, first come first served: they all need the order's serial
            // counter row later, and waiters for a row lock are not served in order (a newcomer can take the row
            // between a commit and the wake-up of the one queued longest), which gave 16 stations a p99 of 1.7 s.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"unit.complete:" + id}, 0))", ct);
        }

        // Material verification: every scanned lot, worded for the operator. The lots are read inside the transaction
        // and held until it ends, so stations consuming from one lot (a line's O-rings) take turns instead of the
        // later one failing on the lot's version: PostgreSQL locks the rows (in id order, so two units never wait on
        // each other); on SQLite the transaction (BEGIN IMMEDIATE) holds the database's write lock already.
        var components = request.Components ?? [];
        var lotIds = components.Select(c => c?.Lot?.Trim()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        var lots = await (database.Provider == DatabaseProvider.PostgreSql
                ? db.Lots.FromSql($"SELECT * FROM material_lot WHERE id = ANY({lotIds}) ORDER BY id FOR UPDATE")
                : db.Lots.Where(l => lotIds.Contains(l.Id)))
            .ToDictionaryAsync(l => l.Id, ct);
        var consumed = new List<(MaterialLotRow Lot, decimal Quantity)>();
        var refusals = new Dictionary<string, CodedProblems.MessageCode[]>();
        for (var i = 0; i < components.Count; i++)
        {
            var at = $"components[{i}]";
            var lotId = components[i]?.Lot?.Trim();
            if (lotId is null)
            {
                errors.Add(refusals, $"{at}.lot", CodedMessage.Of("lot-missing", "Scan the lot's label."));
                continue;
            }

            if (consumed.Any(c => c.Lot.Id == lotId))
            {
                errors.Add(refusals, $"{at}.lot", CodedMessage.Of("lot-twice", $"Lot {lotId} is scanned twice for this unit.", ("lot", lotId)));
                continue;
            }

            var lot = lots.GetValueOrDefault(lotId);
            var facts = lot is null ? null : new LotFacts(lot.Id, lot.Material, LotEndpoints.Status(lot), lot.Remaining, lot.Unit);
            var perUnit = facts is null ? null : spec.Bom.FirstOrDefault(b => b.Material == facts.Material && (b.OperationSequence is null || b.OperationSequence == operation?.Sequence))?.QuantityPerUnit;
            var quantity = components[i]!.Quantity ?? perUnit ?? 0;
            var (_, refusal) = MaterialCheck.Verify(lotId, facts, spec, operation?.Sequence, quantity);
            if (refusal is not null)
            {
                errors.Add(refusals, $"{at}.lot", refusal);
                continue;
            }

            consumed.Add((lot!, quantity));
        }

        if (errors.Count > 0)
        {
            return CodedProblems.Validation(errors, refusals, title: "The unit was not recorded.");
        }

        if (serial is not null && await db.Units.AnyAsync(u => u.Serial == serial, ct))
        {
            return TypedResults.Problem(title: "Serial exists", detail: $"Serial {serial} is recorded already: scan the next part.", statusCode: StatusCodes.Status409Conflict);
        }

        var unit = new ProducedUnitRow
        {
            Serial = serial ?? await codes.SerialAsync(id, spec.Product, lineId, machineId, ct),
            OrderId = id,
            Product = spec.Product,
            OperationSeq = operation!.Sequence,
            MachineId = machineId,
            Operator = by,
            ProducedAtMs = now,
            Quality = quality,
            ScrapReason = scrapReason,
            ProcessValues = processValues,
        };
        db.Units.Add(unit);
        var links = new List<GenealogyLinkRow>(consumed.Count);
        foreach (var (lot, quantity) in consumed)
        {
            lot.Remaining -= quantity;
            lot.Status = lot.Remaining == 0 ? "consumed" : lot.Status;
            lot.Version++;
            links.Add(new GenealogyLinkRow
            {
                Kind = "consume",
                SourceLot = lot.Id,
                TargetKind = "unit",
                TargetId = unit.Serial,
                Quantity = quantity,
                Unit = lot.Unit,
                OrderId = id,
                OperationSeq = operation.Sequence,
                MachineId = machineId,
                AtMs = now,
                By = by,
            });
        }

        db.GenealogyLinks.AddRange(links);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(title: "Changed meanwhile", detail: "A lot was used by another station at the same moment; scan again.", statusCode: StatusCodes.Status409Conflict);
        }
        catch (DbUpdateException) when (serial is not null)
        {
            return TypedResults.Problem(title: "Serial exists", detail: $"Serial {serial} was recorded at the same moment by another station.", statusCode: StatusCodes.Status409Conflict);
        }

        // The answer and the audit entry are what this transaction wrote (a new unit is in no container yet): reading
        // them back cost three round trips while the order's serial counter and the lots were held.
        var response = ToResponse(unit, null, links, consumed.ToDictionary(c => c.Lot.Id, c => c.Lot.Material, StringComparer.Ordinal));
        await audit.AppendAsync(new AuditRecord(by, "unit.complete", EntityType, unit.Serial, null, response), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/units/{unit.Serial}", response!);
    }

    /// <summary>What the machine shows at the moment the unit is recorded.</summary>
    private static async Task<string?> ProcessValuesAsync(IGrainFactory grains, string machineId)
    {
        var live = await grains.GetGrain<IMachineGrain>(machineId).GetLive();
        return JsonSerializer.Serialize(new
        {
            state = live.Status.State.ToString(),
            source = live.Status.Source.ToString().ToLowerInvariant(),
            plcJob = live.Job?.OrderId,
            lastCycleTimeSeconds = live.LastCycleTime,
            energyKwh = live.EnergyKwh,
            lastCountAt = live.LastCountAt,
        }, JsonSerializerOptions.Web);
    }

    public static async Task<UnitResponse?> LoadAsync(SmartShopDb db, string serial, CancellationToken ct) =>
        (await LoadAsync(db, await db.Units.AsNoTracking().Where(u => u.Serial == serial).ToListAsync(ct), ct)).SingleOrDefault();

    /// <summary>Units as answered, in the order given, in three more queries however many: their cases, components and those lots' materials.</summary>
    private static async Task<List<UnitResponse>> LoadAsync(SmartShopDb db, IReadOnlyList<ProducedUnitRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var serials = rows.Select(u => u.Serial).ToList();
        var containerIds = rows.Select(u => u.ContainerId).OfType<string>().Distinct().ToList();
        var containers = await db.Containers.AsNoTracking().Where(c => containerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var links = (await db.GenealogyLinks.AsNoTracking().Where(l => l.TargetKind == "unit" && serials.Contains(l.TargetId)).OrderBy(l => l.Id).ToListAsync(ct))
            .ToLookup(l => l.TargetId, StringComparer.Ordinal);
        var lotIds = links.SelectMany(g => g).Select(l => l.SourceLot).Distinct().ToList();
        var materials = await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Material, ct);
        return [.. rows.Select(u => ToResponse(u, u.ContainerId is null ? null : containers.GetValueOrDefault(u.ContainerId), links[u.Serial], materials))];
    }

    private static UnitResponse ToResponse(ProducedUnitRow unit, ContainerRow? container, IEnumerable<GenealogyLinkRow> links, IReadOnlyDictionary<string, string> materials) =>
        new(
            unit.Serial,
            unit.OrderId,
            unit.Product,
            unit.OperationSeq,
            unit.MachineId,
            unit.Operator,
            DateTimeOffset.FromUnixTimeMilliseconds(unit.ProducedAtMs),
            unit.Quality,
            unit.ScrapReason,
            unit.ProcessValues is null ? null : JsonSerializer.Deserialize<JsonElement>(unit.ProcessValues),
            container?.Kind == "case" ? container.Id : null,
            container?.Kind == "case" ? container.ParentId : container?.Id,
            links.Select(l => new ConsumedResponse(l.SourceLot, materials.GetValueOrDefault(l.SourceLot, "?"), l.Quantity, l.Unit,
                DateTimeOffset.FromUnixTimeMilliseconds(l.AtMs), l.By, l.MachineId, l.OperationSeq, l.Kind)).ToList());

    private static async Task<Results<Ok<UnitResponse>, ProblemHttpResult>> Get(string serial, SmartShopDb db, CancellationToken ct) =>
        await LoadAsync(db, serial, ct) is { } unit
            ? TypedResults.Ok(unit)
            : TypedResults.Problem(title: "Not found", detail: $"There is no unit with serial '{serial}'.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Ok<OrderUnitsResponse>> ListForOrder(string id, SmartShopDb db, int? limit, CancellationToken ct)
    {
        var rows = await db.Units.AsNoTracking().Where(u => u.OrderId == id).OrderByDescending(u => u.ProducedAtMs).ThenByDescending(u => u.Serial)
            .Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct);
        var units = await LoadAsync(db, rows, ct);

        // Counted after the page is read: units are only ever added, so the count is never below the units listed.
        var counts = await db.Units.AsNoTracking().Where(u => u.OrderId == id)
            .GroupBy(u => u.Quality).Select(g => new { Quality = g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var total = counts.Sum(c => c.Count);
        var good = counts.Where(c => c.Quality == "good").Sum(c => c.Count);
        var scrap = counts.Where(c => c.Quality == "scrap").Sum(c => c.Count);
        return TypedResults.Ok(new OrderUnitsResponse(total, good, scrap, total - good - scrap, units));
    }

    private static async Task<Results<Ok<UnitResponse>, ValidationProblem, ProblemHttpResult>> ChangeQuality(
        string serial, UnitQualityRequest request, SmartShopDb db, AuditTrail audit, WriterQueue writers, UserAccounts accounts, ClaimsPrincipal caller, CancellationToken ct)
    {
        var quality = request.Quality?.Trim().ToLowerInvariant();
        var errors = new Dictionary<string, string[]>();
        if (quality is not ("good" or "scrap"))
        {
            errors["quality"] = ["Quality is good or scrap."];
        }

        if (string.IsNullOrWhiteSpace(request.Why))
        {
            errors["why"] = ["Say why the verdict changes."];
        }

        if (quality == "scrap" && string.IsNullOrWhiteSpace(request.ScrapReason))
        {
            errors["scrapReason"] = ["Say why the unit is scrap."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var unit = await db.Units.FirstOrDefaultAsync(u => u.Serial == serial, ct);
        if (unit is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no unit with serial '{serial}'.", statusCode: StatusCodes.Status404NotFound);
        }

        SignatureRecord? signature = null;
        if (unit.Quality == "scrap" && quality == "good")
        {
            if (!Policies.RolesOf(Policies.Quality).Any(caller.IsInRole))
            {
                return TypedResults.Problem(title: "Not allowed", detail: $"A scrap override needs one of the roles {string.Join(", ", Policies.RolesOf(Policies.Quality))}.", statusCode: StatusCodes.Status403Forbidden);
            }

            var (signed, refused) = await ElectronicSignature.VerifyAsync(request.Signature, "Scrap overridden: unit accepted as good", caller, accounts, ct);
            if (signed is null)
            {
                return CodedProblems.Validation(ElectronicSignature.Field, refused!);
            }

            signature = signed;
        }

        var before = new { unit.Quality, unit.ScrapReason };
        unit.Quality = quality!;
        unit.ScrapReason = quality == "scrap" ? request.ScrapReason!.Trim() : null;
        using var turn = await writers.TurnAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditRecord(caller.UserName(), unit.Quality == "good" ? "unit.scrap-override" : "unit.scrap", EntityType, serial,
            before, new { unit.Quality, unit.ScrapReason }, request.Why!.Trim(), signature), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok((await LoadAsync(db, serial, ct))!);
    }

    private static async Task<Results<Created<ContainerResponse>, ValidationProblem, ProblemHttpResult>> Pack(
        PackRequest request, SmartShopDb db, CodeIssuer codes, AuditTrail audit, WriterQueue writers, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var kind = request.Kind?.Trim().ToLowerInvariant();
        var id = request.Id?.Trim();
        var contents = (request.Contents ?? []).Select(c => c?.Trim()).ToList();
        var errors = new Dictionary<string, string[]>();
        if (kind is not ("case" or "pallet"))
        {
            errors["kind"] = ["A container is a case (of units) or a pallet (of cases)."];
        }

        if (id is not null && !Codes.IsValid(id))
        {
            errors["id"] = [Codes.Describe("container label", id)];
        }

        if (contents.Count == 0 || contents.Any(string.IsNullOrEmpty))
        {
            errors["contents"] = ["Scan what goes in: unit serials for a case, case labels for a pallet."];
        }
        else if (contents.Distinct().Count() != contents.Count)
        {
            errors["contents"] = ["Something is scanned twice."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (id is not null && await db.Containers.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.Problem(title: "Container exists", detail: $"Container {id} exists already.", statusCode: StatusCodes.Status409Conflict);
        }

        var items = contents.Select(c => c!).ToList();
        if (kind == "case")
        {
            var units = await db.Units.Where(u => items.Contains(u.Serial)).ToListAsync(ct);
            foreach (var missing in items.Except(units.Select(u => u.Serial)))
            {
                errors[$"contents[{items.IndexOf(missing)}]"] = [$"There is no unit {missing}."];
            }

            foreach (var packed in units.Where(u => u.ContainerId is not null))
            {
                errors[$"contents[{items.IndexOf(packed.Serial)}]"] = [$"Unit {packed.Serial} is packed in {packed.ContainerId} already."];
            }

            foreach (var scrap in units.Where(u => u.Quality != "good"))
            {
                errors[$"contents[{items.IndexOf(scrap.Serial)}]"] = [$"Unit {scrap.Serial} is scrap: it is not packed."];
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, title: "Nothing was packed.");
            }

            using var turn = await writers.TurnAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var container = await NewContainerAsync(db, codes, id, "case", clock, caller, ct);
            units.ForEach(u => u.ContainerId = container.Id);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(new AuditRecord(caller.UserName(), "container.pack", "container", container.Id, null, new { kind, contents = items }), ct);
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/containers/{container.Id}", new ContainerResponse(container.Id, "case", null, items));
        }
        else
        {
            var cases = await db.Containers.Where(c => items.Contains(c.Id)).ToListAsync(ct);
            foreach (var missing in items.Except(cases.Select(c => c.Id)))
            {
                errors[$"contents[{items.IndexOf(missing)}]"] = [$"There is no case {missing}."];
            }

            foreach (var bad in cases.Where(c => c.Kind != "case" || c.ParentId is not null))
            {
                errors[$"contents[{items.IndexOf(bad.Id)}]"] = [bad.Kind != "case" ? $"{bad.Id} is a {bad.Kind}, not a case." : $"Case {bad.Id} is on pallet {bad.ParentId} already."];
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, title: "Nothing was packed.");
            }

            using var turn = await writers.TurnAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var pallet = await NewContainerAsync(db, codes, id, "pallet", clock, caller, ct);
            cases.ForEach(c => c.ParentId = pallet.Id);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(new AuditRecord(caller.UserName(), "container.pack", "container", pallet.Id, null, new { kind, contents = items }), ct);
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/containers/{pallet.Id}", new ContainerResponse(pallet.Id, "pallet", null, items));
        }
    }

    private static async Task<ContainerRow> NewContainerAsync(SmartShopDb db, CodeIssuer codes, string? id, string kind, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var container = new ContainerRow
        {
            Id = id ?? await codes.ContainerAsync(ct),
            Kind = kind,
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            CreatedBy = caller.UserName(),
        };
        db.Containers.Add(container);
        await db.SaveChangesAsync(ct);
        return container;
    }

    private static async Task<Results<Ok<ContainerResponse>, ProblemHttpResult>> GetContainer(string id, SmartShopDb db, CancellationToken ct)
    {
        var container = await db.Containers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (container is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no case or pallet '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var contents = container.Kind == "case"
            ? await db.Units.AsNoTracking().Where(u => u.ContainerId == id).OrderBy(u => u.Serial).Select(u => u.Serial).ToListAsync(ct)
            : await db.Containers.AsNoTracking().Where(c => c.ParentId == id).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(new ContainerResponse(container.Id, container.Kind, container.ParentId, contents));
    }
}
