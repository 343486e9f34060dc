namespace SmartShop.Server.Traceability;

/// <summary>A lot of material received (from a supplier or a store).</summary>
/// <param name="Id">The lot code on the label (1-64 letters, digits, '.', '_', '-'); generated from the lot pattern when left out.</param>
/// <param name="Status">released (default) or quarantined (waiting for incoming inspection).</param>
public sealed record ReceiveLotRequest(string? Id, string? Material, decimal? Quantity, string? Unit, string? Supplier, string? SupplierLot, string? Status);

/// <param name="Status">released, quarantined or blocked.</param>
public sealed record LotStatusRequest(string? Status, string? Why);

/// <summary>Splits part of a lot off into new lots (codes generated when left out).</summary>
public sealed record SplitLotRequest(IReadOnlyList<LotPartRequest>? Parts);

public sealed record LotPartRequest(string? Id, decimal? Quantity);

/// <summary>Merges lots of one material into a new lot (all of each, unless a quantity is given).</summary>
public sealed record MergeLotsRequest(string? Id, IReadOnlyList<LotPartRequest>? Sources);

public sealed record LotResponse(
    string Id,
    string Material,
    decimal Quantity,
    decimal Remaining,
    string Unit,
    string Status,
    string Origin,
    string? Supplier,
    string? SupplierLot,
    DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>A page of lots, newest first.</summary>
/// <param name="Next">Pass as before to get the page after this one; null on the last page.</param>
public sealed record LotListResponse(IReadOnlyList<LotResponse> Items, string? Next);

/// <summary>A unit finished at a station.</summary>
/// <param name="Serial">The serial scanned from the part; generated from the serial pattern when left out.</param>
/// <param name="OperationSequence">The operation it was made at (default: the order's last).</param>
/// <param name="MachineId">The machine (default: the operation's machine, or its line's last).</param>
/// <param name="Quality">good (default) or scrap.</param>
/// <param name="ScrapReason">Required for scrap.</param>
/// <param name="Components">Component lots scanned for it; each quantity defaults to the bill of materials' per unit.</param>
public sealed record CompleteUnitRequest(
    string? Serial,
    int? OperationSequence,
    string? MachineId,
    string? Quality,
    string? ScrapReason,
    IReadOnlyList<ComponentRequest>? Components);

public sealed record ComponentRequest(string? Lot, decimal? Quantity);

/// <summary>Changes a unit's quality verdict; scrap to good (a scrap override) needs an electronic signature.</summary>
public sealed record UnitQualityRequest(string? Quality, string? ScrapReason, string? Why, Auth.SignatureRequest? Signature);

/// <param name="ProcessValues">The machine's values when the unit was made (JSON object).</param>
/// <param name="Pallet">The pallet its case is on.</param>
public sealed record UnitResponse(
    string Serial,
    string OrderId,
    string Product,
    int? OperationSequence,
    string? MachineId,
    string Operator,
    DateTimeOffset ProducedAt,
    string Quality,
    string? ScrapReason,
    System.Text.Json.JsonElement? ProcessValues,
    string? Case,
    string? Pallet,
    IReadOnlyList<ConsumedResponse> Components);

/// <summary>An order's units, newest first, and how many it has.</summary>
/// <param name="UnitCount">All of the order's units; <paramref name="Units"/> lists the newest ones (limit).</param>
/// <param name="Other">Units of neither good nor scrap quality.</param>
public sealed record OrderUnitsResponse(long UnitCount, long Good, long Scrap, long Other, IReadOnlyList<UnitResponse> Units);

/// <summary>How much of a lot went into a unit or a lot, when, where and by whom.</summary>
public sealed record ConsumedResponse(string Lot, string Material, decimal Quantity, string Unit, DateTimeOffset At, string By, string? MachineId, int? OperationSequence, string Kind);

/// <summary>Packs units into a case, or cases onto a pallet.</summary>
/// <param name="Id">The case or pallet label (e.g. an SSCC); generated when left out.</param>
/// <param name="Kind">case or pallet.</param>
/// <param name="Contents">Unit serials (a case) or case ids (a pallet).</param>
public sealed record PackRequest(string? Id, string? Kind, IReadOnlyList<string>? Contents);

public sealed record ContainerResponse(string Id, string Kind, string? ParentId, IReadOnlyList<string> Contents);

/// <summary>Everything that went into the unit or lot: each lot with where it came from (supplier), and through which lot.</summary>
/// <param name="Links">Every consumption, split and merge upstream, nearest first.</param>
public sealed record BackwardTraceResponse(string Kind, string Id, UnitResponse? Unit, IReadOnlyList<TraceLinkResponse> Links, IReadOnlyList<LotResponse> Lots);

/// <param name="Into">The unit or lot the source went into.</param>
public sealed record TraceLinkResponse(string Kind, string SourceLot, string IntoKind, string Into, decimal Quantity, string Unit, DateTimeOffset At, string By, string? OrderId, string? MachineId, int? OperationSequence, int Depth);

/// <summary>
/// The recall scope of a lot: the lots made from it, every unit that contains any of them, those units' orders, cases
/// and pallets.
/// </summary>
/// <param name="UnitCount">All units; <paramref name="Units"/> lists the first ones (limit).</param>
public sealed record ForwardTraceResponse(
    string Lot,
    IReadOnlyList<string> DerivedLots,
    long UnitCount,
    IReadOnlyList<string> Units,
    IReadOnlyList<string> Orders,
    IReadOnlyList<string> Cases,
    IReadOnlyList<string> Pallets);
