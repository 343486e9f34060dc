using SmartShop.Core.WorkOrders;
using SmartShop.Server.Auth;

namespace SmartShop.Server.WorkOrders;

/// <summary>An order as ERP (or a planner) sends it.</summary>
/// <param name="Id">The order number: 1-64 letters, digits, '.', '_' or '-'.</param>
/// <param name="Quantity">Good units wanted; whole for counted units (pcs, ea, 件).</param>
/// <param name="Unit">Unit of measure, e.g. pcs, kg.</param>
/// <param name="DueAt">ISO 8601 with an offset, e.g. 2026-11-30T16:00:00+08:00.</param>
/// <param name="Priority">1 (most urgent) to 9; default 5.</param>
/// <param name="LineId">Shortcut for a one-operation order on a whole line (instead of <paramref name="Operations"/>).</param>
/// <param name="Operations">The routing: each operation on a line or one machine.</param>
/// <param name="Bom">The bill of materials: components per unit of the product.</param>
public sealed record WorkOrderRequest(
    string? Id,
    string? Product,
    decimal? Quantity,
    string? Unit,
    string? DueAt,
    int? Priority,
    string? Description,
    string? LineId,
    IReadOnlyList<OperationDraft>? Operations,
    IReadOnlyList<BomItemDraft>? Bom);

/// <param name="Why">Why (required to cancel).</param>
/// <param name="Signature">Required to release and to close: re-entered credentials and the meaning.</param>
/// <param name="Version">The version the caller last saw: when given and the order changed since, the answer is 409.</param>
public sealed record WorkOrderActionRequest(string? Why, SignatureRequest? Signature, int? Version);

public sealed record OperationResponse(int Sequence, string Name, string? LineId, string? MachineId);

public sealed record BomItemResponse(string Material, decimal QuantityPerUnit, string Unit, int? OperationSequence);

/// <summary>One step of the order's history from the audit trail, with its signature where one was given.</summary>
public sealed record WorkOrderHistoryResponse(long Seq, DateTimeOffset At, string UserName, string Action, string? Why, string? SignedBy, string? SignatureMeaning);

/// <param name="Progress">Units counted for the order and where it runs, once it has been released.</param>
public sealed record WorkOrderResponse(
    string Id,
    string Product,
    decimal Quantity,
    string Unit,
    DateTimeOffset? DueAt,
    int Priority,
    string? Description,
    string Status,
    int Version,
    IReadOnlyList<string> AllowedActions,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ReleasedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? CancelledAt,
    IReadOnlyList<OperationResponse> Operations,
    IReadOnlyList<BomItemResponse> Bom,
    IReadOnlyList<WorkOrderHistoryResponse> History,
    WorkOrderProgress? Progress);

/// <summary>A row of a list: enough to pick an order.</summary>
/// <param name="Progress">Units counted at the order's output, as its own page counts them; null before it is released (and in a station's queue).</param>
public sealed record WorkOrderSummaryResponse(
    string Id,
    string Product,
    decimal Quantity,
    string Unit,
    DateTimeOffset? DueAt,
    int Priority,
    string Status,
    IReadOnlyList<string> Targets,
    WorkOrderCountsResponse? Progress);

/// <param name="Good">Good units counted at the order's output machines (the last operation's).</param>
/// <param name="Remaining">Good units still wanted of the quantity (never below 0).</param>
/// <param name="Percent">Good units of the quantity, 0-100.</param>
public sealed record WorkOrderCountsResponse(long Good, long Scrap, decimal Remaining, double Percent);

/// <param name="Created">Order numbers created by the import, in file order.</param>
/// <param name="Unchanged">Order numbers that existed with the same content (an import sent twice changes nothing).</param>
public sealed record WorkOrderImportResponse(IReadOnlyList<string> Created, IReadOnlyList<string> Unchanged);
