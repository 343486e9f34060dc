using System.Buffers.Text;
using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Traceability;
using SmartShop.Server.Audit;
using SmartShop.Server.Auth;
using SmartShop.Server.Data;

namespace SmartShop.Server.Traceability;

/// <summary>Lots of material: received, held or released by quality, split and merged, each change with its audit entry.</summary>
public static class LotEndpoints
{
    public const string EntityType = "lot";

    public static RouteGroupBuilder MapLots(this WebApplication app)
    {
        var lots = app.MapGroup("/api/lots").WithTags("Lots");
        lots.MapPost("/", Receive).RequireAuthorization(Policies.Operate)
            .WithSummary("Receives a lot of material (status released, or quarantined until incoming inspection).");
        lots.MapGet("/", List)
            .WithSummary("Lots, newest first, by status (held: quarantined or blocked), material and code; a page at a time, the next one from next.");
        lots.MapGet("/{id}", Get).WithSummary("A lot and what is left of it.");
        lots.MapPost("/{id}/status", SetStatus).RequireAuthorization(Policies.Quality)
            .WithSummary("Quality releases, quarantines or blocks a lot (why is required).");
        lots.MapPost("/{id}/split", Split).RequireAuthorization(Policies.Operate)
            .WithSummary("Splits parts off a lot into new lots; the genealogy keeps where they came from.");
        lots.MapPost("/merge", Merge).RequireAuthorization(Policies.Operate)
            .WithSummary("Merges lots of one material into a new lot.");
        return lots;
    }

    public static LotResponse ToResponse(MaterialLotRow l) => new(
        l.Id, l.Material, l.Quantity, l.Remaining, l.Unit, l.Status, l.Origin, l.Supplier, l.SupplierLot, DateTimeOffset.FromUnixTimeMilliseconds(l.CreatedAtMs), l.CreatedBy);

    public static LotStatus Status(MaterialLotRow row) => Enum.Parse<LotStatus>(row.Status, ignoreCase: true);

    private static string Word(LotStatus status) => status.ToString().ToLowerInvariant();

    private static async Task<Results<Created<LotResponse>, ValidationProblem, ProblemHttpResult>> Receive(
        ReceiveLotRequest request, SmartShopDb db, CodeIssuer codes, AuditTrail audit, WriterQueue writers, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var id = request.Id?.Trim();
        if (id is not null && !Codes.IsValid(id))
        {
            errors["id"] = [Codes.Describe("lot code", id)];
        }

        var material = request.Material?.Trim();
        if (!Codes.IsValid(material))
        {
            errors["material"] = [material is null ? "The material code is required." : Codes.Describe("material code", material)];
        }

        if (request.Quantity is not > 0 || request.Quantity > 1_000_000_000m)
        {
            errors["quantity"] = ["The quantity is required and must be more than zero."];
        }

        var unit = request.Unit?.Trim();
        if (string.IsNullOrEmpty(unit) || unit.Length > 16)
        {
            errors["unit"] = ["The unit of measure is required, at most 16 characters."];
        }

        var status = request.Status?.Trim().ToLowerInvariant() ?? "released";
        if (status is not ("released" or "quarantined"))
        {
            errors["status"] = [$"A lot is received released or quarantined, not '{request.Status}'."];
        }

        if (request.Supplier?.Length > 100 || request.SupplierLot?.Length > 100)
        {
            errors["supplier"] = ["Supplier and supplier lot have at most 100 characters each."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (id is not null && await db.Lots.AnyAsync(l => l.Id == id, ct))
        {
            return TypedResults.Problem(title: "Lot exists", detail: $"There is a lot {id} already; a lot code is received once.", statusCode: StatusCodes.Status409Conflict);
        }

        using var turn = await writers.TurnAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = new MaterialLotRow
        {
            Id = id ?? await codes.LotAsync(material!, ct),
            Material = material!,
            Quantity = request.Quantity!.Value,
            Remaining = request.Quantity!.Value,
            Unit = unit!,
            Status = status,
            Origin = "received",
            Supplier = request.Supplier?.Trim(),
            SupplierLot = request.SupplierLot?.Trim(),
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            CreatedBy = caller.UserName(),
            Version = 1,
        };
        db.Lots.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditRecord(caller.UserName(), "lot.receive", EntityType, row.Id, null, ToResponse(row)), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/lots/{row.Id}", ToResponse(row));
    }

    private static async Task<Results<Ok<LotResponse>, ProblemHttpResult>> Get(string id, SmartShopDb db, CancellationToken ct) =>
        await db.Lots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct) is { } lot
            ? TypedResults.Ok(ToResponse(lot))
            : NotFound(id);

    private static async Task<Results<Ok<LotListResponse>, ValidationProblem>> List(
        SmartShopDb db,
        [Description("released, quarantined, blocked or consumed; held is quarantined or blocked. Default: every status.")] string? status,
        [Description("Only lots of this material code.")] string? material,
        [Description("Only lots whose code or supplier lot starts with this (letter case ignored).")] string? q,
        [Description("At most this many lots (1-500, default 100).")] int? limit,
        [Description("The next of the previous answer: the lots after those.")] string? before,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var word = string.IsNullOrWhiteSpace(status) ? null : status.Trim().ToLowerInvariant();
        if (word is not (null or "held" or "released" or "quarantined" or "blocked" or "consumed"))
        {
            errors["status"] = [$"Unknown status '{status}'; statuses: released, quarantined, blocked, consumed, or held (quarantined or blocked)."];
        }

        var code = string.IsNullOrWhiteSpace(material) ? null : material.Trim();
        if (code is not null && !Codes.IsValid(code))
        {
            errors["material"] = [Codes.Describe("material code", code)];
        }

        var prefix = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (prefix?.Length > 100)
        {
            errors["q"] = ["Search for at most 100 characters."];
        }

        if (limit is < 1 or > 500)
        {
            errors["limit"] = [$"limit {limit} is outside 1-500."];
        }

        var after = before is null ? null : ReadCursor(before);
        if (before is not null && after is null)
        {
            errors["before"] = [$"'{before}' is not the next of an earlier answer."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = db.Lots.AsNoTracking();
        if (word == "held")
        {
            query = query.Where(l => l.Status == "quarantined" || l.Status == "blocked");
        }
        else if (word is not null)
        {
            query = query.Where(l => l.Status == word);
        }

        if (code is not null)
        {
            query = query.Where(l => l.Material == code);
        }

        if (prefix is not null)
        {
            var upper = prefix.ToUpperInvariant();
            query = query.Where(l => l.Id.ToUpper().StartsWith(upper) || (l.SupplierLot != null && l.SupplierLot.ToUpper().StartsWith(upper)));
        }

        if (after is (var ms, var id))
        {
            // The first condition alone is the index's range; the second drops the rows of that millisecond already sent.
            query = query.Where(l => l.CreatedAtMs <= ms && (l.CreatedAtMs < ms || string.Compare(l.Id, id) < 0));
        }

        var take = limit ?? 100;
        var rows = await query.OrderByDescending(l => l.CreatedAtMs).ThenByDescending(l => l.Id).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take ? Cursor(rows[take - 1]) : null;
        return TypedResults.Ok(new LotListResponse(rows.Take(take).Select(ToResponse).ToList(), next));
    }

    // The paging cursor: the last lot sent, as (created time, code), which is the list's order. Base64url so that
    // clients pass it on as it is instead of building their own.
    private static string Cursor(MaterialLotRow lot) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{lot.CreatedAtMs}:{lot.Id}")));

    private static (long CreatedAtMs, string Id)? ReadCursor(string cursor)
    {
        if (cursor.Length is 0 or > 200 || !Base64Url.IsValid(cursor))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && Codes.IsValid(text[(colon + 1)..])
            ? (ms, text[(colon + 1)..])
            : null;
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: "Not found", detail: $"There is no lot '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<LotResponse>, ValidationProblem, ProblemHttpResult>> SetStatus(
        string id, LotStatusRequest request, SmartShopDb db, AuditTrail audit, WriterQueue writers, ClaimsPrincipal caller, CancellationToken ct)
    {
        var word = request.Status?.Trim().ToLowerInvariant();
        var errors = new Dictionary<string, string[]>();
        if (word is not ("released" or "quarantined" or "blocked"))
        {
            errors["status"] = ["The status is released, quarantined or blocked."];
        }

        if (string.IsNullOrWhiteSpace(request.Why) || request.Why.Length > 500)
        {
            errors["why"] = ["Say why (at most 500 characters)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var lot = await db.Lots.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (lot is null)
        {
            return NotFound(id);
        }

        if (Status(lot) == LotStatus.Consumed)
        {
            return TypedResults.Problem(title: "Lot used up", detail: $"Lot {id} is used up; its status no longer changes. Trace it forward to find where it went.", statusCode: StatusCodes.Status409Conflict);
        }

        var before = ToResponse(lot);
        lot.Status = word!;
        lot.Version++;
        using var turn = await writers.TurnAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditRecord(caller.UserName(), $"lot.{word}", EntityType, id, new { before.Status }, new { lot.Status }, request.Why!.Trim()), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(ToResponse(lot));
    }

    private static async Task<Results<Ok<IReadOnlyList<LotResponse>>, ValidationProblem, ProblemHttpResult>> Split(
        string id, SplitLotRequest request, SmartShopDb db, CodeIssuer codes, AuditTrail audit, WriterQueue writers, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var source = await db.Lots.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (source is null)
        {
            return NotFound(id);
        }

        var parts = request.Parts ?? [];
        var errors = CheckParts(parts, "parts");
        if (parts.Count == 0)
        {
            errors["parts"] = ["Give at least one part to split off."];
        }

        if (Status(source) is not LotStatus.Released and not LotStatus.Quarantined)
        {
            errors["lot"] = [$"Lot {id} is {source.Status}: it cannot be split."];
        }

        var total = parts.Sum(p => p.Quantity ?? 0);
        if (errors.Count == 0 && total > source.Remaining)
        {
            errors["parts"] = [$"The parts add up to {total:0.######} {source.Unit}; lot {id} has {source.Remaining:0.######} left."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await WriteDerivedAsync(db, codes, audit, writers, clock, caller, "split", [(source, 0m)], parts.Select(p => (p.Id?.Trim(), p.Quantity!.Value)).ToList(), ct);
    }

    private static async Task<Results<Ok<IReadOnlyList<LotResponse>>, ValidationProblem, ProblemHttpResult>> Merge(
        MergeLotsRequest request, SmartShopDb db, CodeIssuer codes, AuditTrail audit, WriterQueue writers, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var sources = request.Sources ?? [];
        var errors = CheckParts(sources, "sources", quantityOptional: true);
        if (sources.Count < 2)
        {
            errors["sources"] = ["Merging needs at least two lots."];
        }

        if (request.Id is { } newId && !Codes.IsValid(newId.Trim()))
        {
            errors["id"] = [Codes.Describe("lot code", newId)];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var ids = sources.Select(s => s.Id!.Trim()).ToList();
        var rows = await db.Lots.Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var taken = new List<(MaterialLotRow, decimal)>();
        for (var i = 0; i < sources.Count; i++)
        {
            var at = $"sources[{i}]";
            if (!rows.TryGetValue(ids[i], out var lot))
            {
                errors[at] = [$"There is no lot '{ids[i]}'."];
                continue;
            }

            var quantity = sources[i].Quantity ?? lot.Remaining;
            if (Status(lot) != LotStatus.Released)
            {
                errors[at] = [$"Lot {lot.Id} is {lot.Status}: only released lots are merged."];
            }
            else if (quantity > lot.Remaining)
            {
                errors[at] = [$"Lot {lot.Id} has {lot.Remaining:0.######} {lot.Unit} left, not {quantity:0.######}."];
            }
            else if (taken.Count > 0 && (lot.Material != taken[0].Item1.Material || lot.Unit != taken[0].Item1.Unit))
            {
                errors[at] = [$"Lot {lot.Id} is {lot.Material} in {lot.Unit}; a merge holds one material ({taken[0].Item1.Material} in {taken[0].Item1.Unit})."];
            }
            else
            {
                taken.Add((lot, quantity));
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await WriteDerivedAsync(db, codes, audit, writers, clock, caller, "merge", taken, [(request.Id?.Trim(), taken.Sum(t => t.Item2))], ct);
    }

    // Split parts: the new lot's code is optional (generated), its quantity required. Merge sources: the lot's code is
    // required, its quantity optional (all that is left).
    private static Dictionary<string, string[]> CheckParts(IReadOnlyList<LotPartRequest> parts, string field, bool quantityOptional = false)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part is null)
            {
                errors[$"{field}[{i}]"] = ["The entry is empty."];
                continue;
            }

            if (part.Id is null && quantityOptional)
            {
                errors[$"{field}[{i}].id"] = ["The lot code is required."];
            }
            else if (part.Id is not null && !Codes.IsValid(part.Id.Trim()))
            {
                errors[$"{field}[{i}].id"] = [Codes.Describe("lot code", part.Id)];
            }

            if ((!quantityOptional || part.Quantity is not null) && part.Quantity is not > 0)
            {
                errors[$"{field}[{i}].quantity"] = ["The quantity must be more than zero."];
            }
        }

        return errors;
    }

    // New lots from sources (split: one source, several new lots; merge: several sources, one new lot), with their
    // genealogy links and audit entries, in one transaction. A source quantity of 0 means "as the new lots need".
    private static async Task<Results<Ok<IReadOnlyList<LotResponse>>, ValidationProblem, ProblemHttpResult>> WriteDerivedAsync(
        SmartShopDb db, CodeIssuer codes, AuditTrail audit, WriterQueue writers, TimeProvider clock, ClaimsPrincipal caller, string kind,
        IReadOnlyList<(MaterialLotRow Lot, decimal Quantity)> sources, IReadOnlyList<(string? Id, decimal Quantity)> targets, CancellationToken ct)
    {
        var requested = targets.Where(t => t.Id is not null).Select(t => t.Id!).ToList();
        if (requested.Count != requested.Distinct().Count() || await db.Lots.AnyAsync(l => requested.Contains(l.Id), ct))
        {
            return TypedResults.Problem(title: "Lot exists", detail: $"A lot code given for the new lots is in use already: {string.Join(", ", requested)}.", statusCode: StatusCodes.Status409Conflict);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var by = caller.UserName();
        var first = sources[0].Lot;
        using var turn = await writers.TurnAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = new List<MaterialLotRow>();
        foreach (var (id, quantity) in targets)
        {
            var lot = new MaterialLotRow
            {
                Id = id ?? await codes.LotAsync(first.Material, ct),
                Material = first.Material,
                Quantity = quantity,
                Remaining = quantity,
                Unit = first.Unit,
                // A part of a quarantined lot is as quarantined as the rest.
                Status = sources.Any(s => Status(s.Lot) == LotStatus.Quarantined) ? "quarantined" : "released",
                Origin = kind,
                Supplier = sources.Select(s => s.Lot.Supplier).Distinct().Count() == 1 ? first.Supplier : null,
                SupplierLot = sources.Count == 1 ? first.SupplierLot : null,
                CreatedAtMs = now,
                CreatedBy = by,
                Version = 1,
            };
            db.Lots.Add(lot);
            created.Add(lot);
            foreach (var (source, taken) in sources)
            {
                db.GenealogyLinks.Add(new GenealogyLinkRow
                {
                    Kind = kind,
                    SourceLot = source.Id,
                    TargetKind = "lot",
                    TargetId = lot.Id,
                    Quantity = kind == "split" ? quantity : taken,
                    Unit = source.Unit,
                    AtMs = now,
                    By = by,
                });
            }
        }

        foreach (var (source, taken) in sources)
        {
            source.Remaining -= kind == "split" ? targets.Sum(t => t.Quantity) : taken;
            if (source.Remaining == 0)
            {
                source.Status = "consumed";
            }

            source.Version++;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(title: "Changed meanwhile", detail: "A lot was changed by someone else at the same time; try again.", statusCode: StatusCodes.Status409Conflict);
        }

        foreach (var lot in created)
        {
            await audit.AppendAsync(new AuditRecord(by, $"lot.{kind}", EntityType, lot.Id, null,
                new { lot = ToResponse(lot), from = sources.Select(s => s.Lot.Id) }), ct);
        }

        await tx.CommitAsync(ct);
        return TypedResults.Ok<IReadOnlyList<LotResponse>>(created.Select(ToResponse).ToList());
    }
}
