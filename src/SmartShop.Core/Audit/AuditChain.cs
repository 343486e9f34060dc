using System.Security.Cryptography;
using System.Text.Json;

namespace SmartShop.Core.Audit;

/// <summary>
/// One audit-trail entry: who did what to which record when, the record before and after (JSON), why, and the
/// electronic signature if the action needed one.
/// </summary>
/// <param name="Seq">1, 2, 3, … without gaps.</param>
/// <param name="AtMs">Unix milliseconds.</param>
/// <param name="Action">What was done, e.g. <c>work-order.release</c>.</param>
/// <param name="EntityType">The kind of record, e.g. <c>work-order</c>.</param>
/// <param name="SignedBy">The user who signed, when the action was signed.</param>
/// <param name="SignatureMeaning">What the signature means ("Released for production", "Approved", …).</param>
public sealed record AuditEntry(
    long Seq,
    long AtMs,
    string UserName,
    string Action,
    string EntityType,
    string EntityId,
    string? OldValue,
    string? NewValue,
    string? Why,
    string? SignedBy,
    string? SignatureMeaning);

/// <summary>Where a chain first fails verification, and how.</summary>
public sealed record AuditBreak(long Seq, string Problem);

/// <summary>
/// The hash chain of the audit trail: each entry's hash is SHA-256 over its own fields and the previous entry's hash,
/// so changing, removing, reordering or inserting an entry breaks every link from there on, and
/// <see cref="FindFirstBreak"/> names the first.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Lower-case hex SHA-256 of the entry's canonical form (a JSON array, so no field can bleed into the next) and <paramref name="prevHash"/>.</summary>
    public static string Hash(AuditEntry entry, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(entry.Seq);
            json.WriteNumberValue(entry.AtMs);
            json.WriteStringValue(entry.UserName);
            json.WriteStringValue(entry.Action);
            json.WriteStringValue(entry.EntityType);
            json.WriteStringValue(entry.EntityId);
            WriteNullable(json, entry.OldValue);
            WriteNullable(json, entry.NewValue);
            WriteNullable(json, entry.Why);
            WriteNullable(json, entry.SignedBy);
            WriteNullable(json, entry.SignatureMeaning);
            json.WriteStringValue(prevHash);
            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>
    /// Checks stored entries in seq order (starting at seq 1, or at <paramref name="expectedFirstSeq"/> with
    /// <paramref name="prevHashBefore"/> to continue a check in pages): numbering without gaps, each prev_hash equal
    /// to the previous entry's hash, each hash equal to the recomputed one. Null when all hold.
    /// </summary>
    public static AuditBreak? FindFirstBreak(
        IEnumerable<(AuditEntry Entry, string PrevHash, string Hash)> stored,
        long expectedFirstSeq = 1,
        string? prevHashBefore = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var expectedSeq = expectedFirstSeq;
        var previous = prevHashBefore ?? Genesis;
        foreach (var (entry, prevHash, hash) in stored)
        {
            if (entry.Seq != expectedSeq)
            {
                return entry.Seq > expectedSeq
                    ? new AuditBreak(expectedSeq, $"entry {expectedSeq} is missing (the next stored entry is {entry.Seq})")
                    : new AuditBreak(entry.Seq, $"entry {entry.Seq} appears out of order after {expectedSeq - 1}");
            }

            if (!string.Equals(prevHash, previous, StringComparison.Ordinal))
            {
                return new AuditBreak(entry.Seq, $"entry {entry.Seq} does not point to the hash of entry {entry.Seq - 1} (an entry before it was changed, removed or inserted)");
            }

            if (!string.Equals(Hash(entry, prevHash), hash, StringComparison.Ordinal))
            {
                return new AuditBreak(entry.Seq, $"entry {entry.Seq} does not match its hash (its content was changed after it was written)");
            }

            previous = hash;
            expectedSeq++;
        }

        return null;
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
