using SmartShop.Grains.Storage;

namespace SmartShop.Grains.Runtime;

internal interface IStateBridge
{
    Task ReadStateAsync();
}

/// <summary>
/// The <see cref="IPersistentState{TState}"/> a grain receives: holds the state, ETag and existence flag, and passes
/// itself to the configured <see cref="IGrainStorage"/> for every operation.
/// </summary>
internal sealed class StateStorageBridge<TState>(ActivationData activation, string stateName, IGrainStorage storage)
    : IPersistentState<TState>, IGrainState<TState>, IStateBridge
{
    private static readonly Func<TState> s_createDefault = CreateDefaultFactory();

    public TState State { get; set; } = s_createDefault();

    public string? Etag => ETag;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(stateName, activation.GrainId, this).ConfigureAwait(false);
        if (!RecordExists)
        {
            State = s_createDefault();
        }
    }

    public async Task WriteStateAsync()
    {
        try
        {
            await storage.WriteStateAsync(stateName, activation.GrainId, this).ConfigureAwait(false);
        }
        catch (InconsistentStateException ex)
        {
            activation.OnInconsistentState(ex);
            throw;
        }
    }

    public async Task ClearStateAsync()
    {
        try
        {
            await storage.ClearStateAsync(stateName, activation.GrainId, this).ConfigureAwait(false);
        }
        catch (InconsistentStateException ex)
        {
            activation.OnInconsistentState(ex);
            throw;
        }

        State = s_createDefault();
        RecordExists = false;
    }

    private static Func<TState> CreateDefaultFactory()
    {
        var type = typeof(TState);
        if (type.IsValueType || type.IsAbstract || type.IsInterface || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return static () => default!;
        }

        return static () => Activator.CreateInstance<TState>();
    }
}
