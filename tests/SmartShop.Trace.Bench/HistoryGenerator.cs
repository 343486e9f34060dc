using System.Globalization;

namespace SmartShop.Trace.Bench;

public sealed record OrderRow(string Id, string Product, int Quantity, long StartMs, long EndMs);

public sealed record LotRow(string Id, string Material, decimal Quantity, decimal Remaining, string Unit, string Status, string Origin, string? Supplier, string? SupplierLot, long CreatedAtMs, int Depth);

public sealed record ContainerRow(string Id, string Kind, string? ParentId, long CreatedAtMs);

public sealed record UnitRow(string Serial, string OrderId, string Product, string MachineId, long ProducedAtMs, bool Scrap, string ProcessValues, string? ContainerId);

public sealed record LinkRow(string Kind, string SourceLot, string TargetKind, string TargetId, decimal Quantity, string Unit, string? OrderId, string? MachineId, long AtMs);

/// <summary>Where a generated history goes (a bulk loader), in the order foreign keys need.</summary>
public interface IHistorySink
{
    /// <summary>Orders, lots, cases and pallets: a few thousand rows, given before any unit or link.</summary>
    Task WriteMastersAsync(IReadOnlyList<OrderRow> orders, IReadOnlyList<LotRow> lots, IReadOnlyList<LinkRow> lotLinks, IReadOnlyList<ContainerRow> containers, CancellationToken ct);

    ValueTask WriteUnitAsync(UnitRow unit, CancellationToken ct);

    ValueTask WriteLinkAsync(LinkRow link, CancellationToken ct);

    Task CompleteAsync(CancellationToken ct);
}

/// <summary>
/// A plant's production history, generated deterministically from a seed: orders of 1,000 units, one after the other
/// on two lines; each unit consumes 4 or 5 component lots (its housing, board, O-rings, screws and, mostly, grease);
/// every received (supplier) lot is split into 4 and each part into 2, and the last part of each received lot is
/// merged with the first part of the next (leftovers put together), so a backward trace goes up to 4 levels and
/// reaches two suppliers; good units are packed 20 to a case, 40 cases to a pallet. Lots of one material are used
/// one after the other, so a lot is used by 250 (housings) to 20,000 (screws) units, and a screw supplier lot's
/// recall scope (its 8 parts, and the lots merged with its leftovers) is up to 200,000 units.
/// </summary>
public sealed class HistoryGenerator
{
    public const int UnitsPerOrder = 1000;
    public const int UnitsPerCase = 20;
    public const int CasesPerPallet = 40;
    private const int SplitParts = 4;
    private const int SubSplitParts = 2;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly string[] Products = ["VALVE-A", "VALVE-B", "VALVE-C", "VALVE-D"];

    /// <param name="UnitsPerLot">How many units one leaf lot lasts.</param>
    public sealed record Material(string Code, string Unit, decimal PerUnit, int UnitsPerLot, string Supplier);

    private readonly int _units;
    private readonly double _fifthShare;
    private readonly int _seed;

    public HistoryGenerator(int units, long links, int seed)
    {
        _units = units;
        _seed = seed;

        // 4 components always, the grease as often as the link target asks (the lot links are a few thousand).
        _fifthShare = Math.Clamp(((double)links / units) - 4, 0, 1);
    }

    public int Orders => (_units + UnitsPerOrder - 1) / UnitsPerOrder;

    /// <summary>Materials by product: a housing of its own, a board shared by two products, O-rings, screws, grease.</summary>
    public static IReadOnlyList<Material> Bom(string product)
    {
        var letter = product[^1];
        return
        [
            new($"HOUSING-{letter}", "pcs", 1m, 250, "Foundry Wu"),
            new(letter is 'A' or 'B' ? "PCB-1" : "PCB-2", "pcs", 1m, 500, "Shenzhen PCB"),
            new("ORING-20", "pcs", 2m, 4000, "Parker"),
            new("SCREW-M3", "pcs", 4m, 20000, "Bossard"),
            new("GREASE-7", "kg", 0.002m, 10000, "Klueber"),
        ];
    }

    /// <summary>Writes the history: first the masters, then units and their consume links in production order.</summary>
    public async Task<HistoryFacts> WriteAsync(IHistorySink sink, CancellationToken ct)
    {
        // Two passes over the same random sequence: the first finds the lots and containers (foreign keys of the
        // units and links), the second writes units and links.
        var masters = new Pass(this, sink: null);
        await masters.RunAsync(ct);
        await sink.WriteMastersAsync(masters.OrderRows, masters.LotRows, masters.LotLinks, masters.Containers, ct);
        var rows = new Pass(this, sink);
        await rows.RunAsync(ct);
        await sink.CompleteAsync(ct);
        return new HistoryFacts(masters.OrderRows.Count, rows.UnitCount, rows.ConsumeLinks + masters.LotLinks.Count, masters.LotRows, masters.Containers.Count, rows.Sample);
    }

    private sealed class Pass(HistoryGenerator g, IHistorySink? sink)
    {
        private readonly Random _random = new(g._seed);
        private readonly Dictionary<string, MaterialLots> _lots = new(StringComparer.Ordinal);
        private int _pallets;

        public List<OrderRow> OrderRows { get; } = [];

        public List<LotRow> LotRows { get; } = [];

        public List<LinkRow> LotLinks { get; } = [];

        public List<ContainerRow> Containers { get; } = [];

        public int UnitCount { get; private set; }

        public long ConsumeLinks { get; private set; }

        /// <summary>Every 97th serial, for the backward traces.</summary>
        public List<string> Sample { get; } = [];

        public async Task RunAsync(CancellationToken ct)
        {
            var at = Start.ToUnixTimeMilliseconds();
            var casesOnPallet = CasesPerPallet;
            string? pallet = null;
            for (var o = 1; o <= g.Orders; o++)
            {
                var order = $"WO-H{o:00000}";
                var product = Products[(o - 1) % Products.Length];
                var machine = o % 2 == 1 ? "l1-cmm" : "l2-packer";
                var bom = Bom(product);
                var count = Math.Min(UnitsPerOrder, g._units - UnitCount);
                var orderStart = at;
                string? currentCase = null;
                var inCase = UnitsPerCase;
                var cases = 0;
                for (var k = 1; k <= count; k++)
                {
                    ct.ThrowIfCancellationRequested();
                    at += 5000 + _random.Next(2000);
                    var serial = $"{order}-{k:00000}";
                    var scrap = _random.Next(100) == 0;
                    string? container = null;
                    if (!scrap)
                    {
                        if (inCase == UnitsPerCase)
                        {
                            if (casesOnPallet == CasesPerPallet)
                            {
                                pallet = $"PAL-{++_pallets:000000}";
                                Containers.Add(new ContainerRow(pallet, "pallet", null, at));
                                casesOnPallet = 0;
                            }

                            currentCase = $"CASE-{order}-{++cases:000}";
                            Containers.Add(new ContainerRow(currentCase, "case", pallet, at));
                            casesOnPallet++;
                            inCase = 0;
                        }

                        inCase++;
                        container = currentCase;
                    }

                    // The fifth component only where the history's link count asks for it.
                    var components = _random.NextDouble() < g._fifthShare ? bom.Count : bom.Count - 1;
                    var pv = string.Create(CultureInfo.InvariantCulture,
                        $$"""{"state":"Running","source":"plc","plcJob":"{{order}}","lastCycleTimeSeconds":{{(5 + (_random.Next(2000) / 1000.0)):0.000}},"energyKwh":{{0.35 + (_random.Next(100) / 1000.0):0.000}},"lastCountAt":"{{DateTimeOffset.FromUnixTimeMilliseconds(at):O}}"}""");
                    if (sink is not null)
                    {
                        await sink.WriteUnitAsync(new UnitRow(serial, order, product, machine, at, scrap, pv, container), ct);
                    }

                    for (var c = 0; c < components; c++)
                    {
                        var lot = Take(bom[c], at);
                        ConsumeLinks++;
                        if (sink is not null)
                        {
                            await sink.WriteLinkAsync(new LinkRow("consume", lot, "unit", serial, bom[c].PerUnit, bom[c].Unit, order, machine, at), ct);
                        }
                    }

                    if (UnitCount++ % 97 == 0)
                    {
                        Sample.Add(serial);
                    }
                }

                OrderRows.Add(new OrderRow(order, product, count, orderStart, at));
                at += 20 * 60_000; // changeover
            }

            // Lots not used up by the end of the history are still released, with what is left of them.
            var index = LotRows.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            foreach (var state in _lots.Values)
            {
                var open = state.Queue.Select(q => q.Lot).Append(state.Leftover);
                foreach (var id in open.OfType<string>())
                {
                    LotRows[index[id]] = LotRows[index[id]] with { Remaining = LotRows[index[id]].Quantity, Status = "released" };
                }

                if (state.Current is { } current && state.UsesLeft > 0)
                {
                    var row = LotRows[index[current]];
                    LotRows[index[current]] = row with { Remaining = row.Quantity * state.UsesLeft / state.CurrentUses, Status = "released" };
                }
            }
        }

        /// <summary>The lot the line takes this material from now (a new one when the last is used up).</summary>
        private string Take(Material material, long at)
        {
            if (!_lots.TryGetValue(material.Code, out var state))
            {
                state = new MaterialLots();
                _lots[material.Code] = state;
            }

            if (state.Current is null || state.UsesLeft == 0)
            {
                if (state.Queue.Count == 0)
                {
                    Receive(material, state, at);
                }

                (state.Current, state.UsesLeft) = state.Queue.Dequeue();
                state.CurrentUses = state.UsesLeft;
            }

            state.UsesLeft--;
            return state.Current;
        }

        /// <summary>A supplier lot arrives and is split into parts (4, each into 2); its last part waits to be merged.</summary>
        private void Receive(Material m, MaterialLots state, long at)
        {
            var n = ++state.Received;
            var leaf = m.PerUnit * m.UnitsPerLot;
            var received = $"{m.Code}-R{n:0000}";
            LotRows.Add(new LotRow(received, m.Code, leaf * SplitParts * SubSplitParts, 0, m.Unit, "consumed", "received", m.Supplier, $"{m.Supplier[..3].ToUpperInvariant()}-{n:000000}", at - 86_400_000, 0));
            var leaves = new List<string>();
            for (var i = 1; i <= SplitParts; i++)
            {
                var part = $"{received}-{i}";
                LotRows.Add(new LotRow(part, m.Code, leaf * SubSplitParts, 0, m.Unit, "consumed", "split", null, null, at - 3_600_000, 1));
                LotLinks.Add(new LinkRow("split", received, "lot", part, leaf * SubSplitParts, m.Unit, null, null, at - 3_600_000));
                for (var j = 1; j <= SubSplitParts; j++)
                {
                    var sub = $"{part}-{j}";
                    LotRows.Add(new LotRow(sub, m.Code, leaf, 0, m.Unit, "consumed", "split", null, null, at - 3_000_000, 2));
                    LotLinks.Add(new LinkRow("split", part, "lot", sub, leaf, m.Unit, null, null, at - 3_000_000));
                    leaves.Add(sub);
                }
            }

            // The previous supplier lot's last part and this one's first are merged into one lot (two suppliers).
            if (state.Leftover is { } leftover)
            {
                var merged = $"{m.Code}-M{n:0000}";
                LotRows.Add(new LotRow(merged, m.Code, leaf * 2, 0, m.Unit, "consumed", "merge", null, null, at - 2_400_000, 3));
                LotLinks.Add(new LinkRow("merge", leftover, "lot", merged, leaf, m.Unit, null, null, at - 2_400_000));
                LotLinks.Add(new LinkRow("merge", leaves[0], "lot", merged, leaf, m.Unit, null, null, at - 2_400_000));
                state.Queue.Enqueue((merged, m.UnitsPerLot * 2));
                leaves.RemoveAt(0);
            }

            state.Leftover = leaves[^1];
            leaves.RemoveAt(leaves.Count - 1);
            foreach (var l in leaves)
            {
                state.Queue.Enqueue((l, m.UnitsPerLot));
            }
        }
    }

    private sealed class MaterialLots
    {
        public Queue<(string Lot, int Uses)> Queue { get; } = new();

        public string? Current { get; set; }

        public int UsesLeft { get; set; }

        public string? Leftover { get; set; }

        public int Received { get; set; }

        public int CurrentUses { get; set; }
    }
}

/// <summary>What was generated, for picking the traces to time.</summary>
public sealed record HistoryFacts(int Orders, int Units, long Links, IReadOnlyList<LotRow> Lots, int Containers, IReadOnlyList<string> SampleSerials);
