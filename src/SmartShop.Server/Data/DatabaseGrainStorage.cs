using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartShop.Grains;
using SmartShop.Grains.Storage;

namespace SmartShop.Server.Data;

/// <summary>
/// Grain state in the SmartShop database (table <c>grain_state</c>), JSON payloads, the row's version as ETag.
/// Every write is a single conditional statement (insert-if-absent, or update-where-version-matches), so a stale
/// activation can never overwrite a newer state: it gets <see cref="InconsistentStateException"/> instead.
/// </summary>
public sealed class DatabaseGrainStorage(IDbContextFactory<SmartShopDb> factory, TimeProvider clock) : IGrainStorage
{
    /// <summary>The storage name grains use in <c>[PersistentState("…", "Default")]</c>.</summary>
    public const string Name = "Default";

    // Enums as names: stored states stay readable and survive reordering of enum members.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = await factory.CreateDbContextAsync();
        var row = await db.GrainStates.AsNoTracking()
            .SingleOrDefaultAsync(r => r.GrainType == grainId.Type && r.GrainKey == grainId.Key && r.StateName == stateName);
        if (row is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = JsonSerializer.Deserialize<T>(row.Payload, Json)
            ?? throw new InvalidOperationException($"Stored state '{stateName}' of grain {grainId} is JSON null.");
        grainState.ETag = ETag(row.Version);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = JsonSerializer.Serialize(grainState.State, Json);
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync();
        if (grainState.ETag is null)
        {
            db.GrainStates.Add(new GrainStateRow
            {
                GrainType = grainId.Type,
                GrainKey = grainId.Key,
                StateName = stateName,
                Payload = payload,
                Version = 1,
                UpdatedAt = now,
            });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException ex)
            {
                var stored = await StoredETagAsync(stateName, grainId);
                throw new InconsistentStateException(
                    $"State '{stateName}' of grain {grainId} was created by another writer (stored ETag {stored ?? "none"}).", stored, null, ex);
            }

            grainState.ETag = ETag(1);
            grainState.RecordExists = true;
            return;
        }

        var expected = ParseETag(grainState.ETag);
        var updated = await db.GrainStates
            .Where(r => r.GrainType == grainId.Type && r.GrainKey == grainId.Key && r.StateName == stateName && r.Version == expected)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Payload, payload)
                .SetProperty(r => r.Version, expected + 1)
                .SetProperty(r => r.UpdatedAt, now));
        if (updated == 0)
        {
            var stored = await StoredETagAsync(stateName, grainId);
            throw new InconsistentStateException(
                $"State '{stateName}' of grain {grainId} changed underneath this activation: it holds ETag {grainState.ETag}, storage has {stored ?? "none"}.",
                stored, grainState.ETag);
        }

        grainState.ETag = ETag(expected + 1);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            var expected = ParseETag(grainState.ETag);
            await using var db = await factory.CreateDbContextAsync();
            var deleted = await db.GrainStates
                .Where(r => r.GrainType == grainId.Type && r.GrainKey == grainId.Key && r.StateName == stateName && r.Version == expected)
                .ExecuteDeleteAsync();
            if (deleted == 0)
            {
                var stored = await StoredETagAsync(stateName, grainId);
                throw new InconsistentStateException(
                    $"State '{stateName}' of grain {grainId} changed underneath this activation: it holds ETag {grainState.ETag}, storage has {stored ?? "none"}.",
                    stored, grainState.ETag);
            }
        }
        else if (await StoredETagAsync(stateName, grainId) is { } stored)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of grain {grainId} exists in storage (ETag {stored}) but this activation never read it.", stored, null);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<string?> StoredETagAsync(string stateName, GrainId grainId)
    {
        await using var db = await factory.CreateDbContextAsync();
        var version = await db.GrainStates.AsNoTracking()
            .Where(r => r.GrainType == grainId.Type && r.GrainKey == grainId.Key && r.StateName == stateName)
            .Select(r => (long?)r.Version)
            .SingleOrDefaultAsync();
        return version is { } v ? ETag(v) : null;
    }

    private static string ETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long ParseETag(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InconsistentStateException($"ETag '{etag}' was not issued by the database grain storage.", null, etag);
}
