using System.Globalization;
using System.Text.Json;

namespace SmartShop.Grains.Storage;

/// <summary>
/// Grain storage in process memory, for tests and development (Orleans' MemoryGrainStorage). It checks ETags like a
/// real store, and keeps each state as a JSON copy, so a grain that changes its State without writing it does not
/// change what is stored, and a state type that does not round-trip through JSON fails here first.
/// Registered as "Default" by AddSilo unless another "Default" storage is registered.
/// </summary>
public sealed class MemoryGrainStorage(JsonSerializerOptions? serializerOptions = null) : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string StateName, GrainId GrainId), Entry> _records = [];
    private long _version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        Entry? entry;
        lock (_lock)
        {
            _records.TryGetValue((stateName, grainId), out entry);
        }

        if (entry is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = JsonSerializer.Deserialize<T>(entry.Json, serializerOptions)!;
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var json = JsonSerializer.SerializeToUtf8Bytes(grainState.State, serializerOptions);
        string etag;
        lock (_lock)
        {
            var key = (stateName, grainId);
            _records.TryGetValue(key, out var stored);
            CheckETag(stateName, grainId, stored, grainState.ETag, "write");
            etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _records[key] = new Entry(json, etag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        lock (_lock)
        {
            var key = (stateName, grainId);
            _records.TryGetValue(key, out var stored);
            CheckETag(stateName, grainId, stored, grainState.ETag, "clear");
            _records.Remove(key);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static void CheckETag(string stateName, GrainId grainId, Entry? stored, string? current, string operation)
    {
        if (!string.Equals(stored?.ETag, current, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Cannot {operation} state '{stateName}' of {grainId}: the stored version is " +
                $"{stored?.ETag ?? "(none)"} but the writer last saw {current ?? "(none)"}.",
                stored?.ETag,
                current);
        }
    }

    private sealed record Entry(byte[] Json, string ETag);
}
