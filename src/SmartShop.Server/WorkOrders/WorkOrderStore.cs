using Microsoft.EntityFrameworkCore;
using SmartShop.Core.WorkOrders;
using SmartShop.Server.Audit;
using SmartShop.Server.Data;
using SmartShop.Server.Hosting;

namespace SmartShop.Server.WorkOrders;

/// <summary>What became of one order of a create or an import.</summary>
public enum CreateOutcome
{
    Created,

    /// <summary>It existed with the same content: ERP sent it again, nothing changes.</summary>
    Unchanged,

    /// <summary>It exists with different content: refused.</summary>
    Conflict,
}

/// <summary>Reads and writes work orders with their operations and materials; every change goes with its audit entry.</summary>
public sealed class WorkOrderStore(SmartShopDb db, AuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "work-order";

    /// <summary>The request as a draft, or the problems found before validation (an unreadable due date).</summary>
    public static WorkOrderDraft ToDraft(WorkOrderRequest request, List<WorkOrderProblem> problems)
    {
        DateTimeOffset? due = null;
        if (!string.IsNullOrWhiteSpace(request.DueAt))
        {
            due = TimeWindow.ParseInstant(request.DueAt.Trim());
            if (due is null)
            {
                problems.Add(new WorkOrderProblem("dueAt", $"'{request.DueAt}' is not an ISO 8601 time with an offset (e.g. 2026-11-30T16:00:00+08:00)."));
            }
        }

        var operations = request.Operations;
        if ((operations is null || operations.Count == 0) && !string.IsNullOrWhiteSpace(request.LineId))
        {
            operations = [new OperationDraft(10, null, request.LineId, null)];
        }
        else if (operations is { Count: > 0 } && !string.IsNullOrWhiteSpace(request.LineId))
        {
            problems.Add(new WorkOrderProblem("lineId", "Give either lineId (a one-operation order) or operations, not both."));
        }

        return new WorkOrderDraft(request.Id, request.Product, request.Quantity, request.Unit, due, request.Priority, request.Description, operations, request.Bom);
    }

    /// <summary>
    /// Stores the orders that are new, in one transaction with one audit entry each; any conflict (same number,
    /// other content) stores none of them. Returns each order's outcome in input order.
    /// </summary>
    public async Task<IReadOnlyList<CreateOutcome>> CreateAsync(IReadOnlyList<WorkOrderSpec> specs, string by, string action, CancellationToken ct)
    {
        var ids = specs.Select(s => s.Id).ToList();
        var existing = await db.WorkOrders.AsNoTracking().Include(o => o.Operations).Include(o => o.Materials)
            .Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, StringComparer.Ordinal, ct);
        var outcomes = specs.Select(s => existing.TryGetValue(s.Id, out var row)
            ? SameContent(row, s) ? CreateOutcome.Unchanged : CreateOutcome.Conflict
            : CreateOutcome.Created).ToList();
        if (outcomes.Contains(CreateOutcome.Conflict) || !outcomes.Contains(CreateOutcome.Created))
        {
            return outcomes;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < specs.Count; i++)
        {
            if (outcomes[i] == CreateOutcome.Created)
            {
                db.WorkOrders.Add(ToRow(specs[i], by, now));
            }
        }

        await db.SaveChangesAsync(ct);
        for (var i = 0; i < specs.Count; i++)
        {
            if (outcomes[i] == CreateOutcome.Created)
            {
                await audit.AppendAsync(new AuditRecord(by, action, EntityType, specs[i].Id, null, Snapshot(specs[i], WorkOrderStatus.Created)), ct);
            }
        }

        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return outcomes;
    }

    public Task<WorkOrderRow?> FindAsync(string id, CancellationToken ct) =>
        db.WorkOrders.Include(o => o.Operations).Include(o => o.Materials).FirstOrDefaultAsync(o => o.Id == id, ct);

    public async Task<IReadOnlyList<WorkOrderHistoryResponse>> HistoryAsync(string id, CancellationToken ct)
    {
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == EntityType && e.EntityId == id).OrderBy(e => e.Seq).ToListAsync(ct);
        return entries.Select(e => new WorkOrderHistoryResponse(e.Seq, DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs), e.UserName, e.Action, e.Why, e.SignedBy, e.SignatureMeaning)).ToList();
    }

    /// <summary>
    /// Moves the order to <paramref name="to"/> with its audit entry; false when someone changed it since it was read
    /// (the version moved on), so the caller decides again on fresh data.
    /// </summary>
    /// <param name="machines">What the machines answered to the action's jobs, kept in the audit entry.</param>
    public async Task<bool> TransitionAsync(WorkOrderRow order, WorkOrderAction action, WorkOrderStatus to, string by, string? why, SignatureRecord? signature, CancellationToken ct, IReadOnlyList<MachineDispatch>? machines = null)
    {
        var from = Status(order);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        order.Status = WorkOrderLifecycle.Name(to);
        order.Version++;
        order.UpdatedAtMs = now;
        switch (to)
        {
            case WorkOrderStatus.Released:
                order.ReleasedAtMs = now;
                break;
            case WorkOrderStatus.Running:
                order.StartedAtMs ??= now;
                break;
            case WorkOrderStatus.Completed:
                order.CompletedAtMs = now;
                break;
            case WorkOrderStatus.Closed:
                order.ClosedAtMs = now;
                break;
            case WorkOrderStatus.Cancelled:
                order.CancelledAtMs = now;
                break;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }

        await audit.AppendAsync(new AuditRecord(by, $"{EntityType}.{WorkOrderLifecycle.Name(action)}", EntityType, order.Id,
            new { status = WorkOrderLifecycle.Name(from) },
            new { status = order.Status, machines = machines?.Select(m => new { m.MachineId, m.Command, m.Accepted, m.Sent, m.Message }) },
            why,
            signature), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public static WorkOrderStatus Status(WorkOrderRow row) => Enum.Parse<WorkOrderStatus>(row.Status, ignoreCase: true);

    public static WorkOrderSpec ToSpec(WorkOrderRow row) => new(
        row.Id,
        row.Product,
        row.Quantity,
        row.Unit,
        row.DueAtMs is { } due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null,
        row.Priority,
        row.Description,
        row.Operations.OrderBy(o => o.Seq).Select(o => new OperationSpec(o.Seq, o.Name, o.LineId, o.MachineId)).ToList(),
        row.Materials.OrderBy(m => m.LineNo).Select(m => new BomItem(m.Material, m.QuantityPerUnit, m.Unit, m.OperationSeq)).ToList());

    private static WorkOrderRow ToRow(WorkOrderSpec spec, string by, long now) => new()
    {
        Id = spec.Id,
        Product = spec.Product,
        Quantity = spec.Quantity,
        Unit = spec.Unit,
        DueAtMs = spec.DueAt?.ToUnixTimeMilliseconds(),
        Priority = spec.Priority,
        Description = spec.Description,
        Status = WorkOrderLifecycle.Name(WorkOrderStatus.Created),
        Version = 1,
        CreatedAtMs = now,
        CreatedBy = by,
        UpdatedAtMs = now,
        Operations = spec.Operations.Select(o => new WorkOrderOperationRow { OrderId = spec.Id, Seq = o.Sequence, Name = o.Name, LineId = o.LineId, MachineId = o.MachineId }).ToList(),
        Materials = spec.Bom.Select((m, i) => new WorkOrderMaterialRow
        {
            OrderId = spec.Id,
            LineNo = i + 1,
            Material = m.Material,
            QuantityPerUnit = m.QuantityPerUnit,
            Unit = m.Unit,
            OperationSeq = m.OperationSequence,
        }).ToList(),
    };

    // Decimals compare by value (500 == 500.000000, as PostgreSQL's numeric(18,6) gives it back).
    private static bool SameContent(WorkOrderRow row, WorkOrderSpec spec)
    {
        var stored = ToSpec(row);
        return stored.Product == spec.Product && stored.Quantity == spec.Quantity && stored.Unit == spec.Unit
            && stored.DueAt == spec.DueAt && stored.Priority == spec.Priority && stored.Description == spec.Description
            && stored.Operations.SequenceEqual(spec.Operations) && stored.Bom.SequenceEqual(spec.Bom);
    }

    /// <summary>What the audit trail keeps of an order's content.</summary>
    public static object Snapshot(WorkOrderSpec spec, WorkOrderStatus status) => new
    {
        spec.Product,
        spec.Quantity,
        spec.Unit,
        spec.DueAt,
        spec.Priority,
        spec.Description,
        Status = WorkOrderLifecycle.Name(status),
        Operations = spec.Operations,
        Bom = spec.Bom,
    };

    public async Task<WorkOrderResponse> ToResponseAsync(WorkOrderRow row, CancellationToken ct, WorkOrderProgress? progress = null)
    {
        var spec = ToSpec(row);
        var status = Status(row);
        return new WorkOrderResponse(
            row.Id,
            row.Product,
            row.Quantity,
            row.Unit,
            spec.DueAt,
            row.Priority,
            row.Description,
            row.Status,
            row.Version,
            WorkOrderLifecycle.Allowed(status).Select(WorkOrderLifecycle.Name).ToList(),
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs),
            row.CreatedBy,
            At(row.ReleasedAtMs),
            At(row.StartedAtMs),
            At(row.CompletedAtMs),
            At(row.ClosedAtMs),
            At(row.CancelledAtMs),
            spec.Operations.Select(o => new OperationResponse(o.Sequence, o.Name, o.LineId, o.MachineId)).ToList(),
            spec.Bom.Select(b => new BomItemResponse(b.Material, b.QuantityPerUnit, b.Unit, b.OperationSequence)).ToList(),
            await HistoryAsync(row.Id, ct),
            progress);
    }

    private static DateTimeOffset? At(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
