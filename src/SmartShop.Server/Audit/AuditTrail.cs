using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Audit;
using SmartShop.Server.Data;

namespace SmartShop.Server.Audit;

/// <summary>A change of record to write to the audit trail; <see cref="Old"/> and <see cref="New"/> are stored as JSON.</summary>
/// <param name="Action">What was done, <c>entity-type.verb</c> (e.g. <c>work-order.release</c>).</param>
public sealed record AuditRecord(
    string UserName,
    string Action,
    string EntityType,
    string EntityId,
    object? Old,
    object? New,
    string? Why = null,
    SignatureRecord? Signature = null);

/// <summary>An electronic signature: who signed (credentials re-entered at the time) and what the signature means.</summary>
public sealed record SignatureRecord(string SignedBy, string Meaning);

/// <summary>
/// Appends to the hash-chained audit trail (schema 0005) inside the caller's transaction, so a change and its entry
/// commit or roll back together. Appends are serialised (PostgreSQL: an advisory transaction lock; SQLite: the
/// caller's transaction is BEGIN IMMEDIATE), because each entry's hash needs the previous one.
/// </summary>
public sealed class AuditTrail(SmartShopDb db, ResolvedDatabase database, TimeProvider clock)
{
    // Arbitrary constant shared by every SmartShop node: key of the advisory lock that orders audit appends.
    private const long AppendLockKey = 0x5353_4155_4449; // "SSAUDI"

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the entry now (SaveChanges) within the current transaction, which the caller must have begun.</summary>
    public async Task<AuditEntryRow> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An audit entry is written in the transaction of the change it records; begin one first.");
        }

        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AppendLockKey})", cancellationToken);
        }

        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var entry = new AuditEntry(
            (head?.Seq ?? 0) + 1,
            clock.GetUtcNow().ToUnixTimeMilliseconds(),
            record.UserName,
            record.Action,
            record.EntityType,
            record.EntityId,
            Serialize(record.Old),
            Serialize(record.New),
            record.Why,
            record.Signature?.SignedBy,
            record.Signature?.Meaning);
        var prevHash = head?.Hash ?? AuditChain.Genesis;
        var row = new AuditEntryRow
        {
            Seq = entry.Seq,
            AtMs = entry.AtMs,
            UserName = entry.UserName,
            Action = entry.Action,
            EntityType = entry.EntityType,
            EntityId = entry.EntityId,
            OldValue = entry.OldValue,
            NewValue = entry.NewValue,
            Why = entry.Why,
            SignedBy = entry.SignedBy,
            SignatureMeaning = entry.SignatureMeaning,
            PrevHash = prevHash,
            Hash = AuditChain.Hash(entry, prevHash),
        };
        db.AuditEntries.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    private static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);

    public static AuditEntry ToEntry(AuditEntryRow row) => new(
        row.Seq, row.AtMs, row.UserName, row.Action, row.EntityType, row.EntityId, row.OldValue, row.NewValue, row.Why, row.SignedBy, row.SignatureMeaning);
}
