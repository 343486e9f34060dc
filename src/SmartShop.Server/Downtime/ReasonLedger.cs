using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Downtime;
using SmartShop.Core.Plant;
using SmartShop.Server.Data;

namespace SmartShop.Server.Downtime;

/// <summary>A part's effective reason as shown: its tree id and name path, or the PLC code's text.</summary>
/// <param name="Text">The reason's name, the PLC code's text ("Code 999" for a code the plant file does not know), or null.</param>
/// <param name="Path">Names from the top of the tree down to the reason; empty when it is not a tree reason.</param>
/// <param name="Source">manual, plc or none.</param>
public sealed record ReasonView(string? Id, string? Text, IReadOnlyList<string> Path, string Source)
{
    public static string SourceName(ReasonSource source) => source switch
    {
        ReasonSource.Manual => "manual",
        ReasonSource.Plc => "plc",
        _ => "none",
    };

    public static ReasonSource ParseSource(string text) => text switch
    {
        "manual" => ReasonSource.Manual,
        "plc" => ReasonSource.Plc,
        _ => ReasonSource.None,
    };

    /// <summary>
    /// How a reason reads: a manual reason by its name in the tree (its id when the plant file no longer has it), a PLC
    /// reason by the code's text ("Code 999" for a code the plant file does not know).
    /// </summary>
    public static ReasonView Of(DowntimeReasonTree tree, MachineDefinition machine, string? reasonId, ReasonSource source, int? plcCode)
    {
        if (reasonId is not null)
        {
            // A PLC reason reads as the code's own text (usually finer than the tree's name, e.g. "Tool breakage").
            var path = tree.PathTo(reasonId);
            var text = (source == ReasonSource.Plc && plcCode is { } mapped ? machine.StopReasonText(mapped) : null)
                ?? (path.Count == 0 ? reasonId : path[^1].Name);
            return new ReasonView(reasonId, text, path.Count == 0 ? [reasonId] : [.. path.Select(r => r.Name)], SourceName(source));
        }

        if (source == ReasonSource.Plc && plcCode is { } code)
        {
            return new ReasonView(null, machine.StopReasonText(code) ?? $"Code {code.ToString(CultureInfo.InvariantCulture)}", [], SourceName(source));
        }

        return new ReasonView(null, null, [], SourceName(ReasonSource.None));
    }
}

/// <summary>
/// The stops' reason ledger in the database (table downtime_reason_change): entries read per stop and mapped to the
/// Core's <see cref="ReasonChange"/>. Entries are only inserted (by the classify and split endpoints).
/// </summary>
internal static class ReasonLedger
{
    public const string Classify = "classify";
    public const string Split = "split";

    public static StopFacts Facts(DowntimeEventRow row, MachineDefinition machine) => new(
        row.StopId,
        DateTimeOffset.FromUnixTimeMilliseconds(row.StartMs),
        row.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
        row.MicroStop,
        row.PlcCode,
        row.PlcCode is { } code ? machine.StopReasonId(code) : null);

    /// <summary>One stop's entries in sequence order.</summary>
    public static async Task<List<ReasonChange>> HistoryAsync(SmartShopDb db, string machineId, long stopId, CancellationToken cancellationToken)
    {
        var rows = await db.DowntimeReasonChanges.AsNoTracking()
            .Where(r => r.MachineId == machineId && r.StopId == stopId)
            .OrderBy(r => r.Seq)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(FromRow)];
    }

    /// <summary>The entries of many stops, by machine and stop, each list in sequence order.</summary>
    public static async Task<Dictionary<(string MachineId, long StopId), List<ReasonChange>>> HistoriesAsync(
        SmartShopDb db, IReadOnlyCollection<DowntimeEventRow> stops, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, long), List<ReasonChange>>();
        if (stops.Count == 0)
        {
            return result;
        }

        // Stop ids grow per machine: one range query over the machines, then only the stops asked for are kept.
        var machineIds = stops.Select(s => s.MachineId).Distinct(StringComparer.Ordinal).ToArray();
        var (min, max) = (stops.Min(s => s.StopId), stops.Max(s => s.StopId));
        var wanted = stops.Select(s => (s.MachineId, s.StopId)).ToHashSet();
        var rows = await db.DowntimeReasonChanges.AsNoTracking()
            .Where(r => machineIds.Contains(r.MachineId) && r.StopId >= min && r.StopId <= max)
            .OrderBy(r => r.MachineId).ThenBy(r => r.StopId).ThenBy(r => r.Seq)
            .ToListAsync(cancellationToken);
        foreach (var row in rows.Where(r => wanted.Contains((r.MachineId, r.StopId))))
        {
            if (!result.TryGetValue((row.MachineId, row.StopId), out var list))
            {
                result[(row.MachineId, row.StopId)] = list = [];
            }

            list.Add(FromRow(row));
        }

        return result;
    }

    public static DowntimeReasonChangeRow ToRow(string machineId, long stopId, ReasonChange change) => new()
    {
        MachineId = machineId,
        StopId = stopId,
        Seq = change.Sequence,
        Kind = change.Kind == ReasonChangeKind.Split ? Split : Classify,
        Part = change.Part,
        SplitAtMs = change.SplitAt?.ToUnixTimeMilliseconds(),
        OldReasonId = change.OldReasonId,
        OldSource = ReasonView.SourceName(change.OldSource),
        NewReasonId = change.NewReasonId,
        ChangedAtMs = change.At.ToUnixTimeMilliseconds(),
        ChangedBy = change.By,
        Why = change.Why,
        SignedBy = change.SignedBy,
        SignatureMeaning = change.SignatureMeaning,
    };

    private static ReasonChange FromRow(DowntimeReasonChangeRow row) => new(
        row.Seq,
        row.Kind == Split ? ReasonChangeKind.Split : ReasonChangeKind.Classify,
        row.Part,
        row.SplitAtMs is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        row.OldReasonId,
        ReasonView.ParseSource(row.OldSource),
        row.NewReasonId,
        DateTimeOffset.FromUnixTimeMilliseconds(row.ChangedAtMs),
        row.ChangedBy,
        row.Why)
    {
        SignedBy = row.SignedBy,
        SignatureMeaning = row.SignatureMeaning,
    };
}
