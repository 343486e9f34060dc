using System.Globalization;
using System.Text.RegularExpressions;
using SmartShop.Core.Plant;

namespace SmartShop.Core.WorkOrders;

/// <summary>
/// What an order asks for, checked against the plant: the product, how many, by when, the routing (operations on
/// lines or machines) and the bill of materials. Immutable; only <see cref="WorkOrderDraft.Validate"/> makes one.
/// </summary>
/// <param name="Id">The order number (usually ERP's): 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.</param>
/// <param name="Quantity">Good units wanted, in <paramref name="Unit"/>; whole for counted units.</param>
/// <param name="Priority">1 (most urgent) to 9.</param>
public sealed record WorkOrderSpec(
    string Id,
    string Product,
    decimal Quantity,
    string Unit,
    DateTimeOffset? DueAt,
    int Priority,
    string? Description,
    IReadOnlyList<OperationSpec> Operations,
    IReadOnlyList<BomItem> Bom)
{
    /// <summary>The machines an operation's job goes to: the machine it names, or every machine of its line.</summary>
    public static IReadOnlyList<MachineDefinition> MachinesOf(OperationSpec operation, PlantDefinition plant)
    {
        if (operation.MachineId is not null)
        {
            return plant.FindMachine(operation.MachineId) is { } machine ? [machine] : [];
        }

        return plant.FindLine(operation.LineId!) is { } line ? line.AllMachines.ToList() : [];
    }
}

/// <summary>One routing step: done on a whole line or on one machine (exactly one of the two is set).</summary>
/// <param name="Sequence">Position in the routing, 1-9999, unique in the order (ERP's 10, 20, 30 work).</param>
public sealed record OperationSpec(int Sequence, string Name, string? LineId, string? MachineId)
{
    public string Target => MachineId ?? LineId!;
}

/// <summary>A component consumed per unit of the order's product, optionally at one operation.</summary>
public sealed record BomItem(string Material, decimal QuantityPerUnit, string Unit, int? OperationSequence);

/// <summary>A problem with one field of an order as submitted: <see cref="Field"/> is its JSON path (e.g. <c>operations[1].lineId</c>).</summary>
public sealed record WorkOrderProblem(string Field, string Message);

/// <summary>An order as it arrives (API body or import row), every field optional until <see cref="Validate"/>.</summary>
public sealed partial record WorkOrderDraft(
    string? Id,
    string? Product,
    decimal? Quantity,
    string? Unit,
    DateTimeOffset? DueAt,
    int? Priority,
    string? Description,
    IReadOnlyList<OperationDraft>? Operations,
    IReadOnlyList<BomItemDraft>? Bom)
{
    public const int MaxOperations = 50;
    public const int MaxBomItems = 500;
    public const decimal MaxQuantity = 1_000_000_000m;

    // Units whose quantities are counts of things: a fractional quantity of them is an error, not a rounding.
    private static readonly HashSet<string> CountUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        "pcs", "pc", "ea", "each", "unit", "units", "piece", "pieces", "个", "件", "只", "台", "套",
    };

    /// <summary>True for units that count things (pcs, ea, 件, …): their quantities must be whole numbers.</summary>
    public static bool IsCountUnit(string unit) => CountUnits.Contains(unit);

    /// <summary>Checks everything at once, so a person fixes all problems in one go; a spec only when there are none.</summary>
    public WorkOrderSpec? Validate(PlantDefinition plant, out IReadOnlyList<WorkOrderProblem> problems)
    {
        var found = new List<WorkOrderProblem>();
        CheckCode(found, "id", Id, "order number");
        CheckCode(found, "product", Product, "product code");
        var unit = Unit?.Trim();
        if (string.IsNullOrEmpty(unit))
        {
            found.Add(new("unit", "The unit of measure is required (e.g. pcs, kg, m)."));
        }
        else if (unit.Length > 16)
        {
            found.Add(new("unit", $"The unit '{unit}' is longer than 16 characters."));
        }

        CheckQuantity(found, "quantity", Quantity, unit, "order quantity");
        if (Priority is < 1 or > 9)
        {
            found.Add(new("priority", $"Priority {Priority} is outside 1 (most urgent) to 9."));
        }

        var description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        if (description?.Length > 500)
        {
            found.Add(new("description", "The description is longer than 500 characters."));
        }

        var operations = CheckOperations(found, plant);
        var bom = CheckBom(found, operations);

        problems = found;
        if (found.Count > 0)
        {
            return null;
        }

        return new WorkOrderSpec(Id!.Trim(), Product!.Trim(), Quantity!.Value, unit!, DueAt?.ToUniversalTime(), Priority ?? 5, description, operations, bom);
    }

    private List<OperationSpec> CheckOperations(List<WorkOrderProblem> found, PlantDefinition plant)
    {
        var operations = new List<OperationSpec>();
        if (Operations is null || Operations.Count == 0)
        {
            found.Add(new("operations", "An order needs at least one operation: the line or machine that makes it."));
            return operations;
        }

        if (Operations.Count > MaxOperations)
        {
            found.Add(new("operations", $"An order has at most {MaxOperations} operations; this one has {Operations.Count}."));
            return operations;
        }

        var sequences = new HashSet<int>();
        for (var i = 0; i < Operations.Count; i++)
        {
            var op = Operations[i];
            var at = $"operations[{i}]";
            if (op is null)
            {
                found.Add(new(at, "The operation is empty."));
                continue;
            }

            var sequence = op.Sequence ?? (i + 1) * 10;
            if (sequence is < 1 or > 9999)
            {
                found.Add(new($"{at}.sequence", $"Sequence {sequence} is outside 1-9999."));
            }
            else if (!sequences.Add(sequence))
            {
                found.Add(new($"{at}.sequence", $"Sequence {sequence} is used by another operation of the order."));
            }

            var name = string.IsNullOrWhiteSpace(op.Name) ? $"Operation {sequence}" : op.Name.Trim();
            if (name.Length > 100)
            {
                found.Add(new($"{at}.name", "The operation name is longer than 100 characters."));
            }

            var lineId = string.IsNullOrWhiteSpace(op.LineId) ? null : op.LineId.Trim();
            var machineId = string.IsNullOrWhiteSpace(op.MachineId) ? null : op.MachineId.Trim();
            if ((lineId is null) == (machineId is null))
            {
                found.Add(new(at, "An operation names exactly one of lineId and machineId."));
                continue;
            }

            if (lineId is not null && plant.FindLine(lineId) is null)
            {
                found.Add(new($"{at}.lineId", $"There is no line '{lineId}' in the plant; lines: {string.Join(", ", plant.Lines.Select(l => l.Id))}."));
                continue;
            }

            if (machineId is not null && plant.FindMachine(machineId) is null)
            {
                found.Add(new($"{at}.machineId", $"There is no machine '{machineId}' in the plant."));
                continue;
            }

            var spec = new OperationSpec(sequence, name, lineId, machineId);
            operations.Add(spec);
            CheckProductMadeThere(found, at, spec, plant);
        }

        operations.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return operations;
    }

    // The ideal cycle time table is the plant's list of what each machine can make: a job for a product a machine has
    // no ideal time for would be refused by its PLC, and its OEE effectiveness could not be judged.
    private void CheckProductMadeThere(List<WorkOrderProblem> found, string at, OperationSpec operation, PlantDefinition plant)
    {
        if (string.IsNullOrWhiteSpace(Product))
        {
            return;
        }

        var product = Product.Trim();
        var missing = WorkOrderSpec.MachinesOf(operation, plant).Where(m => m.IdealCycleTimeFor(product) is null).Select(m => m.Id).ToList();
        if (missing.Count > 0)
        {
            found.Add(new(
                operation.MachineId is null ? $"{at}.lineId" : $"{at}.machineId",
                $"Product '{product}' is not set up on {string.Join(", ", missing)} of {operation.Target}: the plant file gives no ideal cycle time for it there."));
        }
    }

    private List<BomItem> CheckBom(List<WorkOrderProblem> found, List<OperationSpec> operations)
    {
        var bom = new List<BomItem>();
        if (Bom is null)
        {
            return bom;
        }

        if (Bom.Count > MaxBomItems)
        {
            found.Add(new("bom", $"A bill of materials has at most {MaxBomItems} items; this one has {Bom.Count}."));
            return bom;
        }

        var seen = new HashSet<(string, int?)>();
        for (var i = 0; i < Bom.Count; i++)
        {
            var item = Bom[i];
            var at = $"bom[{i}]";
            if (item is null)
            {
                found.Add(new(at, "The item is empty."));
                continue;
            }

            var ok = CheckCode(found, $"{at}.material", item.Material, "material code");
            var unit = item.Unit?.Trim();
            if (string.IsNullOrEmpty(unit) || unit.Length > 16)
            {
                found.Add(new($"{at}.unit", "The unit of measure is required, at most 16 characters."));
                ok = false;
            }

            ok &= CheckQuantity(found, $"{at}.quantityPerUnit", item.QuantityPerUnit, null, "quantity per unit");
            if (item.OperationSequence is { } sequence && operations.Count > 0 && operations.All(o => o.Sequence != sequence))
            {
                found.Add(new($"{at}.operationSequence", $"No operation of the order has sequence {sequence}."));
                ok = false;
            }

            if (ok && !seen.Add((item.Material!.Trim(), item.OperationSequence)))
            {
                found.Add(new($"{at}.material", $"Material '{item.Material.Trim()}' is listed twice for the same operation; give one line with the total."));
                ok = false;
            }

            if (ok)
            {
                bom.Add(new BomItem(item.Material!.Trim(), item.QuantityPerUnit!.Value, unit!, item.OperationSequence));
            }
        }

        return bom;
    }

    private static bool CheckQuantity(List<WorkOrderProblem> found, string field, decimal? quantity, string? unit, string what)
    {
        if (quantity is null)
        {
            found.Add(new(field, $"The {what} is required."));
            return false;
        }

        if (quantity <= 0 || quantity > MaxQuantity)
        {
            found.Add(new(field, $"The {what} {quantity.Value.ToString(CultureInfo.InvariantCulture)} is outside (0, {MaxQuantity:0}]."));
            return false;
        }

        if (unit is not null && IsCountUnit(unit) && decimal.Truncate(quantity.Value) != quantity.Value)
        {
            found.Add(new(field, $"The {what} {quantity.Value.ToString(CultureInfo.InvariantCulture)} is not a whole number of {unit}."));
            return false;
        }

        return true;
    }

    private static bool CheckCode(List<WorkOrderProblem> found, string field, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            found.Add(new(field, $"The {what} is required."));
            return false;
        }

        if (!Code().IsMatch(value.Trim()))
        {
            found.Add(new(field, $"The {what} '{value.Trim()}' is not 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit."));
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")]
    private static partial Regex Code();
}

/// <param name="Sequence">Defaults to 10, 20, 30, … by position.</param>
public sealed record OperationDraft(int? Sequence, string? Name, string? LineId, string? MachineId);

public sealed record BomItemDraft(string? Material, decimal? QuantityPerUnit, string? Unit, int? OperationSequence);
