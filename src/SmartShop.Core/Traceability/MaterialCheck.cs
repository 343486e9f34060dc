using System.Globalization;
using SmartShop.Core.Messages;
using SmartShop.Core.WorkOrders;

namespace SmartShop.Core.Traceability;

public enum LotStatus
{
    /// <summary>Free to use.</summary>
    Released,

    /// <summary>Held by quality until a decision: must not be used.</summary>
    Quarantined,

    /// <summary>Rejected: must not be used.</summary>
    Blocked,

    /// <summary>Used up (or split / merged into other lots).</summary>
    Consumed,
}

/// <summary>A lot as the check needs it.</summary>
/// <param name="Remaining">What is left of it, in <paramref name="Unit"/>.</param>
public sealed record LotFacts(string Lot, string Material, LotStatus Status, decimal Remaining, string Unit);

/// <summary>
/// Material verification at the station: a scanned component lot must exist, be released, be a material the order's
/// bill of materials uses (at this operation, where the BOM says), and have enough left. A refusal is worded for the
/// operator: what is wrong and what to do.
/// </summary>
public static class MaterialCheck
{
    /// <summary>The BOM line the lot fills, or the refusal.</summary>
    public static (BomItem? Item, CodedMessage? Refusal) Verify(string scanned, LotFacts? lot, WorkOrderSpec order, int? operationSequence, decimal quantity)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (lot is null)
        {
            return (null, CodedMessage.Of("lot-unknown", $"Lot {scanned} is not known. Check the label, or have the lot received first.", ("lot", scanned)));
        }

        switch (lot.Status)
        {
            case LotStatus.Quarantined:
                return (null, CodedMessage.Of("lot-quarantined", $"Lot {lot.Lot} ({lot.Material}) is in quarantine: do not use it. Put it aside and call quality.", ("lot", lot.Lot), ("material", lot.Material)));
            case LotStatus.Blocked:
                return (null, CodedMessage.Of("lot-blocked", $"Lot {lot.Lot} ({lot.Material}) is blocked by quality: do not use it. Put it aside and call quality.", ("lot", lot.Lot), ("material", lot.Material)));
            case LotStatus.Consumed:
                return (null, CodedMessage.Of("lot-consumed", $"Lot {lot.Lot} ({lot.Material}) is used up. Check the label; the material should be in another lot.", ("lot", lot.Lot), ("material", lot.Material)));
        }

        var needed = order.Bom.Where(b => b.OperationSequence is null || operationSequence is null || b.OperationSequence == operationSequence).ToList();
        var item = needed.FirstOrDefault(b => string.Equals(b.Material, lot.Material, StringComparison.Ordinal));
        if (item is null)
        {
            var where = operationSequence is null ? string.Empty : $" at operation {operationSequence}";
            var list = needed.Count == 0 ? "no components" : string.Join(", ", needed.Select(b => b.Material).Distinct());
            return (null, CodedMessage.Of(
                "lot-not-in-bom",
                $"Lot {lot.Lot} is {lot.Material}, which order {order.Id} does not use{where}. It needs: {list}.",
                ("lot", lot.Lot),
                ("material", lot.Material),
                ("order", order.Id),
                ("operation", operationSequence?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
                ("needed", string.Join(", ", needed.Select(b => b.Material).Distinct()))));
        }

        if (!string.Equals(item.Unit, lot.Unit, StringComparison.OrdinalIgnoreCase))
        {
            return (null, CodedMessage.Of(
                "lot-unit-mismatch", $"Lot {lot.Lot} is counted in {lot.Unit}, the order's bill of materials in {item.Unit}: ask the supervisor.", ("lot", lot.Lot), ("lotUnit", lot.Unit), ("bomUnit", item.Unit)));
        }

        if (quantity <= 0)
        {
            return (null, CodedMessage.Of("quantity-not-positive", "The quantity to consume must be more than zero."));
        }

        if (lot.Remaining < quantity)
        {
            var (left, asked) = (lot.Remaining.ToString("0.######", CultureInfo.InvariantCulture), quantity.ToString("0.######", CultureInfo.InvariantCulture));
            return (null, CodedMessage.Of(
                "lot-not-enough", $"Lot {lot.Lot} has only {left} {lot.Unit} left; it cannot give {asked}.", ("lot", lot.Lot), ("remaining", left), ("unit", lot.Unit), ("quantity", asked)));
        }

        return (item, null);
    }
}
