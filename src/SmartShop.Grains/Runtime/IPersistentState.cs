namespace SmartShop.Grains.Runtime;

/// <summary>Storage operations on one piece of grain state, as Orleans' IStorage.</summary>
public interface IStorage
{
    /// <summary>Version token of the record last read or written; null when no record exists.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    /// <summary>Rereads the stored record, replacing <see cref="IStorage{TState}.State"/>.</summary>
    Task ReadStateAsync();

    /// <summary>
    /// Writes <see cref="IStorage{TState}.State"/>. If someone else wrote the record since this activation last read
    /// or wrote it, throws <see cref="Storage.InconsistentStateException"/>; the activation is then deactivated after
    /// the current call, and the next call gets a fresh activation that rereads the state.
    /// </summary>
    Task WriteStateAsync();

    /// <summary>Deletes the record (same ETag check as writes) and resets the state to a new instance.</summary>
    Task ClearStateAsync();
}

/// <inheritdoc cref="IStorage"/>
public interface IStorage<TState> : IStorage
{
    /// <summary>
    /// The state. Before the first write it is a new <typeparamref name="TState"/> when the type has a public
    /// parameterless constructor, otherwise default (null for reference types).
    /// </summary>
    TState State { get; set; }
}

/// <summary>
/// Persistent grain state injected through a constructor parameter marked with <see cref="PersistentStateAttribute"/>,
/// as Orleans 7+: it is read before OnActivateAsync and written only when the grain calls WriteStateAsync.
/// </summary>
public interface IPersistentState<TState> : IStorage<TState>;

/// <summary>
/// Marks a constructor parameter of type <see cref="IPersistentState{TState}"/>:
/// <c>[PersistentState("machine", "Default")] IPersistentState&lt;MachineState&gt; state</c>.
/// </summary>
/// <param name="stateName">Name of this piece of state, unique within the grain class; part of the storage key.</param>
/// <param name="storageName">
/// Key of the <c>IGrainStorage</c> keyed service to use (<c>services.AddKeyedSingleton&lt;IGrainStorage&gt;(name, ...)</c>);
/// null means "Default".
/// </param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    public string StorageName { get; } = storageName ?? ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;
}

/// <summary>Well-known provider names, as Orleans' ProviderConstants.</summary>
public static class ProviderConstants
{
    /// <summary>Storage used by <see cref="PersistentStateAttribute"/> when no storage name is given.</summary>
    public const string DEFAULT_STORAGE_PROVIDER_NAME = "Default";
}
