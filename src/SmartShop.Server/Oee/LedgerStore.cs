using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Shifts;
using SmartShop.Server.Audit;
using SmartShop.Server.Data;

namespace SmartShop.Server.Oee;

/// <summary>A machine grain's stored ledger state: its JSON and the version that guards it.</summary>
public sealed record StoredLedger(string Payload, long Version);

/// <summary>Intervals summed by the database: their group (what <see cref="OeeGrouping"/> names) and their sum.</summary>
public sealed record GroupedLedgerSum(string? Text, DateOnly? Day, LedgerSum Sum);

/// <summary>
/// The OEE ledger in the database: each machine's ledger state, its settled intervals and its stops. A save writes all
/// three in one transaction, guarded by the state's version, so after a crash the state and the intervals agree: the
/// counters restart from the last saved readings, and every unit after them is counted once, by the next reading.
/// </summary>
public sealed class LedgerStore(IDbContextFactory<SmartShopDb> factory, WriterQueue writers, ResolvedDatabase database, TimeProvider clock)
{
    // An interval never spans more than one production day: the ledger splits at every calendar boundary and a
    // calendar's periods lie inside one production day's window (at most 25 h, on the night clocks go back). Bounding
    // start_ms below makes the (machine_id, start_ms) index read only the window: with start_ms < to alone every query
    // read a machine's whole history, and activating 1,000 grains on 30 days of it timed out (the fleet bench).
    private static readonly TimeSpan LongestInterval = TimeSpan.FromDays(2);

    public async Task<StoredLedger?> LoadAsync(string machineId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.MachineLedgers.AsNoTracking().SingleOrDefaultAsync(r => r.MachineId == machineId, cancellationToken);
        return row is null ? null : new StoredLedger(row.Payload, row.Version);
    }

    /// <summary>
    /// Writes the state (expected at <paramref name="expectedVersion"/>; 0 when never saved), inserts the intervals and
    /// upserts the stops, atomically. Returns the new version.
    /// </summary>
    /// <exception cref="DbUpdateConcurrencyException">Another writer saved this machine's ledger meanwhile; nothing was written.</exception>
    public async Task<long> SaveAsync(
        string machineId,
        string payload,
        long expectedVersion,
        IReadOnlyList<LedgerInterval> intervals,
        IReadOnlyList<StopUpdate> stops,
        CancellationToken cancellationToken = default,
        AuditRecord? audit = null)
    {
        // SQLite: in turn with the process's other writers. A thousand machine grains saving at once in SQLite's busy
        // retry starved the thread pool, saves took up to 28 s and the connector's queue grew without end (the fleet bench).
        using var turn = await writers.TurnAsync(cancellationToken);
        return await WriteAsync(machineId, payload, expectedVersion, intervals, stops, audit, cancellationToken);
    }

    private async Task<long> WriteAsync(
        string machineId,
        string payload,
        long expectedVersion,
        IReadOnlyList<LedgerInterval> intervals,
        IReadOnlyList<StopUpdate> stops,
        AuditRecord? audit,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var newVersion = expectedVersion + 1;
        if (expectedVersion == 0)
        {
            db.MachineLedgers.Add(new MachineLedgerRow { MachineId = machineId, Payload = payload, Version = newVersion, UpdatedAt = now });
        }
        else
        {
            var updated = await db.MachineLedgers
                .Where(r => r.MachineId == machineId && r.Version == expectedVersion)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Payload, payload).SetProperty(r => r.Version, newVersion).SetProperty(r => r.UpdatedAt, now), cancellationToken);
            if (updated != 1)
            {
                throw new DbUpdateConcurrencyException($"The ledger of machine '{machineId}' was saved by another writer (expected version {expectedVersion}).");
            }
        }

        db.OeeIntervals.AddRange(intervals.Select(ToRow));
        if (stops.Count > 0)
        {
            var ids = stops.Select(s => s.StopId).ToArray();
            var existing = await db.DowntimeEvents.Where(e => e.MachineId == machineId && ids.Contains(e.StopId)).ToDictionaryAsync(e => e.StopId, cancellationToken);
            foreach (var stop in stops)
            {
                if (!existing.TryGetValue(stop.StopId, out var row))
                {
                    row = new DowntimeEventRow { MachineId = machineId, StopId = stop.StopId };
                    db.DowntimeEvents.Add(row);
                    existing[stop.StopId] = row;
                }

                row.StartMs = stop.Start.ToUnixTimeMilliseconds();
                row.EndMs = stop.End?.ToUnixTimeMilliseconds();
                row.State = (short)stop.State;
                row.OrderId = stop.OrderId;
                row.MicroStop = stop.MicroStop;
                row.PlcCode = stop.PlcCode ?? row.PlcCode;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (audit is not null)
        {
            // A person's report (a state set by hand) and its audit entry commit together.
            await new AuditTrail(db, database, clock).AppendAsync(audit, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return newVersion;
    }

    /// <summary>Settled intervals of the machines that overlap [from, to), clipped to it, in machine and time order.</summary>
    public async Task<List<LedgerInterval>> IntervalsAsync(IReadOnlyCollection<string> machineIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var (fromMs, toMs, startsAfterMs) = Bounds(from, to);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OeeIntervals.AsNoTracking()
            .Where(r => machineIds.Contains(r.MachineId) && r.StartMs > startsAfterMs && r.StartMs < toMs && r.EndMs > fromMs)
            .OrderBy(r => r.MachineId).ThenBy(r => r.StartMs).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => Clip(FromRow(r), from, to))];
    }

    /// <summary>
    /// The intervals of <see cref="IntervalsAsync"/> that end after <paramref name="endsAfter"/>, clipped the same way,
    /// as they are read and in no particular order: for sums, which must not hold the rows. The enumeration holds a
    /// database connection until it ends.
    /// </summary>
    public async IAsyncEnumerable<LedgerInterval> StreamIntervalsAsync(
        IReadOnlyCollection<string> machineIds,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset endsAfter,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (fromMs, toMs, startsAfterMs) = Bounds(from, to);
        var endsAfterMs = Math.Max(fromMs, endsAfter.ToUnixTimeMilliseconds());
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = db.OeeIntervals.AsNoTracking()
            .Where(r => machineIds.Contains(r.MachineId) && r.StartMs > startsAfterMs && r.StartMs < toMs && r.EndMs > endsAfterMs)
            .AsAsyncEnumerable()
            .WithCancellation(cancellationToken);
        await foreach (var row in rows)
        {
            yield return Clip(FromRow(row), from, to);
        }
    }

    /// <summary>
    /// The intervals of <see cref="IntervalsAsync"/> that end by <paramref name="endsBy"/>, clipped the same way and
    /// summed by the database per group of <paramref name="grouping"/> and per way of counting (<see cref="LedgerSum"/>):
    /// a few rows for any window. Reading 30 days of 1,000 machines (12 million intervals) into the server to add them
    /// took about two minutes and, as a list, 7-9 GB (tests/SmartShop.Fleet.Bench/RESULTS.md).
    /// </summary>
    public async Task<List<GroupedLedgerSum>> SumIntervalsAsync(
        IReadOnlyList<string> machineIds,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset endsBy,
        OeeGrouping grouping,
        CancellationToken cancellationToken = default)
    {
        if (machineIds.Count == 0 || endsBy <= from)
        {
            return [];
        }

        // Clipping as Clip does: time inside [from, to); units only of intervals that end inside it; a stop counted
        // where its first piece starts. The group columns come from this fixed list, never from the caller's text.
        var (text, day) = grouping switch
        {
            OeeGrouping.Shift => ("shift_id", "production_day"),
            OeeGrouping.Day or OeeGrouping.Week => ("CAST(NULL AS TEXT)", "production_day"),
            OeeGrouping.Product => ("product_id", "CAST(NULL AS DATE)"),
            OeeGrouping.Order => ("order_id", "CAST(NULL AS DATE)"),
            OeeGrouping.Machine => ("machine_id", "CAST(NULL AS DATE)"),
            _ => ("CAST(NULL AS TEXT)", "CAST(NULL AS DATE)"),
        };
        var (fromMs, toMs, startsAfterMs) = Bounds(from, to);
        var ids = string.Join(", ", machineIds.Select((_, i) => $"{{{i + 4}}}"));
        var sql = $$"""
            SELECT {{text}} AS "Text", {{day}} AS "Day", element AS "Element", state AS "State", micro_stop AS "MicroStop",
                CASE WHEN order_id IS NULL THEN 1 ELSE 0 END AS "WithoutOrder",
                CAST(SUM((CASE WHEN end_ms > {1} THEN {1} ELSE end_ms END) - (CASE WHEN start_ms < {0} THEN {0} ELSE start_ms END)) AS BIGINT) AS "DurationMs",
                CAST(SUM(CASE WHEN stop_start AND start_ms >= {0} THEN 1 ELSE 0 END) AS BIGINT) AS "StopStarts",
                CAST(SUM(CASE WHEN end_ms <= {1} THEN good ELSE 0 END) AS BIGINT) AS "Good",
                CAST(SUM(CASE WHEN end_ms <= {1} THEN scrap ELSE 0 END) AS BIGINT) AS "Scrap",
                CAST(SUM(CASE WHEN end_ms <= {1} AND ideal_cycle_ms IS NOT NULL THEN ideal_cycle_ms * (good + scrap) ELSE 0 END) AS BIGINT) AS "IdealMs",
                CAST(SUM(CASE WHEN end_ms <= {1} AND ideal_cycle_ms IS NULL THEN good + scrap ELSE 0 END) AS BIGINT) AS "ProducedWithoutIdeal"
            FROM oee_interval
            WHERE machine_id IN ({{ids}}) AND start_ms > {2} AND start_ms < {1} AND end_ms > {0} AND end_ms <= {3}
            GROUP BY 1, 2, 3, 4, 5, 6
            """;
        object[] parameters = [fromMs, toMs, startsAfterMs, endsBy.ToUnixTimeMilliseconds(), .. machineIds];
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var rows = await db.Database.SqlQueryRaw<LedgerSumRow>(sql, parameters).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new GroupedLedgerSum(r.Text, r.Day, new LedgerSum(
            (TimeElement)r.Element, (MachineState)r.State, r.MicroStop, r.WithoutOrder != 0, TimeSpan.FromMilliseconds(r.DurationMs),
            r.StopStarts, r.Good, r.Scrap, TimeSpan.FromMilliseconds(r.IdealMs), r.ProducedWithoutIdeal)))];
    }

    /// <summary>
    /// Good and scrap units of the orders per order and machine, summed by the database from the stored intervals of
    /// the machines in <paramref name="savedThrough"/> that end by the instant given for each (what the machine's grain
    /// wrote after that is in its unsaved list). One query for any number of orders, on the order index.
    /// </summary>
    public async Task<List<OrderUnitsSum>> SumOrderUnitsAsync(
        IReadOnlyCollection<string> orderIds,
        IReadOnlyDictionary<string, DateTimeOffset> savedThrough,
        CancellationToken cancellationToken = default)
    {
        if (orderIds.Count == 0 || savedThrough.Count == 0)
        {
            return [];
        }

        var parameters = new List<object>();
        string Parameter(object value)
        {
            parameters.Add(value);
            return $"{{{parameters.Count - 1}}}";
        }

        var orders = string.Join(", ", orderIds.Select(Parameter));
        var machines = string.Join(" OR ", savedThrough.Select(m => $"(machine_id = {Parameter(m.Key)} AND end_ms <= {Parameter(m.Value.ToUnixTimeMilliseconds())})"));
        var sql = $"""
            SELECT order_id AS "OrderId", machine_id AS "MachineId", CAST(SUM(good) AS BIGINT) AS "Good", CAST(SUM(scrap) AS BIGINT) AS "Scrap"
            FROM oee_interval
            WHERE order_id IN ({orders}) AND ({machines})
            GROUP BY order_id, machine_id
            """;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Database.SqlQueryRaw<OrderUnitsSum>(sql, [.. parameters]).ToListAsync(cancellationToken);
    }

    private sealed class LedgerSumRow
    {
        public string? Text { get; init; }

        public DateOnly? Day { get; init; }

        public short Element { get; init; }

        public short State { get; init; }

        public bool MicroStop { get; init; }

        public int WithoutOrder { get; init; }

        public long DurationMs { get; init; }

        public long StopStarts { get; init; }

        public long Good { get; init; }

        public long Scrap { get; init; }

        public long IdealMs { get; init; }

        public long ProducedWithoutIdeal { get; init; }
    }

    private static (long FromMs, long ToMs, long StartsAfterMs) Bounds(DateTimeOffset from, DateTimeOffset to) =>
        (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), (from - LongestInterval).ToUnixTimeMilliseconds());

    /// <summary>Which of a machine's stops a person has given a reason (the downtime reason history has a row for them).</summary>
    public async Task<HashSet<long>> ClassifiedStopsAsync(string machineId, IReadOnlyCollection<long> stopIds, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var ids = await db.DowntimeReasonChanges.AsNoTracking()
            .Where(r => r.MachineId == machineId && stopIds.Contains(r.StopId))
            .Select(r => r.StopId).Distinct().ToListAsync(cancellationToken);
        return [.. ids];
    }

    /// <summary>Some of a machine's stops, by id (its primary key), in start order.</summary>
    public async Task<List<DowntimeEventRow>> StopsByIdAsync(string machineId, IReadOnlyCollection<long> stopIds, CancellationToken cancellationToken = default)
    {
        if (stopIds.Count == 0)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.DowntimeEvents.AsNoTracking()
            .Where(e => e.MachineId == machineId && stopIds.Contains(e.StopId))
            .OrderBy(e => e.StartMs)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Stops of the machines that overlap [from, to) (open ones included), in start order.</summary>
    public async Task<List<DowntimeEventRow>> StopsAsync(IReadOnlyCollection<string> machineIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.DowntimeEvents.AsNoTracking()
            .Where(e => machineIds.Contains(e.MachineId) && e.StartMs < toMs && (e.EndMs == null || e.EndMs > fromMs))
            .OrderBy(e => e.StartMs).ThenBy(e => e.MachineId)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The part of an interval inside [from, to). Quantities are kept whole on a clipped interval when its end lies
    /// inside the window, and dropped when it does not: units are counted where their interval ends, so a window
    /// boundary never counts a unit twice or loses it (intervals are split at shift boundaries already).
    /// </summary>
    public static LedgerInterval Clip(LedgerInterval interval, DateTimeOffset from, DateTimeOffset to)
    {
        if (interval.Start >= from && interval.End <= to)
        {
            return interval;
        }

        var keepUnits = interval.End > from && interval.End <= to;
        return interval with
        {
            Start = interval.Start < from ? from : interval.Start,
            End = interval.End > to ? to : interval.End,
            Good = keepUnits ? interval.Good : 0,
            Scrap = keepUnits ? interval.Scrap : 0,
            StopStart = interval.StopStart && interval.Start >= from,
        };
    }

    private static OeeIntervalRow ToRow(LedgerInterval i) => new()
    {
        MachineId = i.MachineId,
        StartMs = i.Start.ToUnixTimeMilliseconds(),
        EndMs = i.End.ToUnixTimeMilliseconds(),
        State = (short)i.State,
        Element = (short)i.Element,
        Calendar = (short)i.Calendar,
        ShiftId = i.ShiftId,
        ProductionDay = i.ProductionDay,
        OrderId = i.OrderId,
        ProductId = i.ProductId,
        IdealCycleMs = i.IdealCycleTime is { } t ? (long)Math.Round(t.TotalMilliseconds) : null,
        StopId = i.StopId,
        StopStart = i.StopStart,
        MicroStop = i.MicroStop,
        Good = i.Good,
        Scrap = i.Scrap,
    };

    private static LedgerInterval FromRow(OeeIntervalRow r) => new(
        r.MachineId,
        DateTimeOffset.FromUnixTimeMilliseconds(r.StartMs),
        DateTimeOffset.FromUnixTimeMilliseconds(r.EndMs),
        (MachineState)r.State,
        (TimeElement)r.Element,
        (CalendarTimeKind)r.Calendar,
        r.ShiftId,
        r.ProductionDay,
        r.OrderId,
        r.ProductId,
        r.IdealCycleMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        r.StopId,
        r.StopStart,
        r.MicroStop,
        r.Good,
        r.Scrap);
}

/// <summary>Good and scrap units of one order counted at one machine (<see cref="LedgerStore.SumOrderUnitsAsync"/>).</summary>
public sealed record OrderUnitsSum(string OrderId, string MachineId, long Good, long Scrap);

/// <summary>A stop as the ledger reported it, with the PLC's stop-reason code when one was seen during the stop.</summary>
public sealed record StopUpdate(long StopId, DateTimeOffset Start, DateTimeOffset? End, MachineState State, string? OrderId, bool MicroStop, int? PlcCode);
