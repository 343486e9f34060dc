using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Shifts;
using SmartShop.Server.Data;

namespace SmartShop.Server.Oee;

/// <summary>A machine grain's stored ledger state: its JSON and the version that guards it.</summary>
public sealed record StoredLedger(string Payload, long Version);

/// <summary>
/// The OEE ledger in the database: each machine's ledger state, its settled intervals and its stops. A save writes all
/// three in one transaction, guarded by the state's version, so after a crash the state and the intervals agree: the
/// counters restart from the last saved readings, and every unit after them is counted once, by the next reading.
/// </summary>
public sealed class LedgerStore(IDbContextFactory<SmartShopDb> factory, TimeProvider clock)
{
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
        CancellationToken cancellationToken = default)
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
        await transaction.CommitAsync(cancellationToken);
        return newVersion;
    }

    /// <summary>Settled intervals of the machines that overlap [from, to), clipped to it, in machine and time order.</summary>
    public async Task<List<LedgerInterval>> IntervalsAsync(IReadOnlyCollection<string> machineIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OeeIntervals.AsNoTracking()
            .Where(r => machineIds.Contains(r.MachineId) && r.StartMs < toMs && r.EndMs > fromMs)
            .OrderBy(r => r.MachineId).ThenBy(r => r.StartMs).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => Clip(FromRow(r), from, to))];
    }

    /// <summary>Which of a machine's stops a person has given a reason (the downtime reason history has a row for them).</summary>
    public async Task<HashSet<long>> ClassifiedStopsAsync(string machineId, IReadOnlyCollection<long> stopIds, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var ids = await db.DowntimeReasonChanges.AsNoTracking()
            .Where(r => r.MachineId == machineId && stopIds.Contains(r.StopId))
            .Select(r => r.StopId).Distinct().ToListAsync(cancellationToken);
        return [.. ids];
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

/// <summary>A stop as the ledger reported it, with the PLC's stop-reason code when one was seen during the stop.</summary>
public sealed record StopUpdate(long StopId, DateTimeOffset Start, DateTimeOffset? End, MachineState State, string? OrderId, bool MicroStop, int? PlcCode);
