namespace SmartShop.Grains.Storage;

/// <summary>
/// A grain storage provider, as Orleans' IGrainStorage. Implementations use <see cref="IGrainState{T}.ETag"/> for
/// optimistic concurrency: a write or clear whose ETag no longer matches the stored one throws
/// <see cref="InconsistentStateException"/> and leaves the stored state untouched.
/// </summary>
public interface IGrainStorage
{
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}

/// <summary>The state, ETag and existence flag that storage providers read and write.</summary>
public interface IGrainState<T>
{
    T State { get; set; }

    /// <summary>Opaque version token of the stored record; null when nothing is stored.</summary>
    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>Thrown when a write or clear finds that the stored ETag differs from the one the grain last saw.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message, string? storedETag, string? currentETag, Exception? inner = null)
        : base(message, inner)
    {
        StoredETag = storedETag;
        CurrentETag = currentETag;
    }

    /// <summary>The ETag found in storage (null if the record is absent).</summary>
    public string? StoredETag { get; }

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentETag { get; }
}
