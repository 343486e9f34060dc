using SmartShop.Grains.Runtime;

namespace SmartShop.Grains;

/// <summary>
/// What the runtime needs from a grain class, as Orleans' IGrainBase. Derive from <see cref="Grain"/>, or implement
/// this directly and take <see cref="IGrainContext"/> as a constructor parameter ("POCO grain").
/// </summary>
public interface IGrainBase
{
    IGrainContext GrainContext { get; }

    /// <summary>Runs once per activation, after persistent state was read and before the first call.</summary>
    Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs once when the activation is removed (idle, requested, inconsistent state, shutdown). Flush state here.
    /// <paramref name="cancellationToken"/> is cancelled after GrainCollectionOptions.DeactivationTimeout.
    /// </summary>
    Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Base class for grains, as Orleans' Grain. Grains are created by the runtime through dependency injection, so the
/// constructor may take services (ILogger&lt;T&gt;, TimeProvider, ...) and persistent state
/// (<c>[PersistentState("name", "storage")] IPersistentState&lt;T&gt; state</c>). Never create one with <c>new</c>.
/// </summary>
public abstract class Grain : IGrainBase, IAddressable
{
    protected Grain()
    {
        GrainContext = ActivationData.CurrentlyConstructing
            ?? throw new InvalidOperationException(
                $"{GetType().Name} is a grain: it is created by the grain runtime on the first call through " +
                "IGrainFactory.GetGrain<T>(key), not with 'new'.");
    }

    public IGrainContext GrainContext { get; }

    /// <summary>Human-readable identity, e.g. "machine/l1-lathe".</summary>
    public string IdentityString => GrainContext.GrainId.ToString();

    protected IGrainFactory GrainFactory => ((ActivationData)GrainContext).Silo;

    protected IServiceProvider ServiceProvider => GrainContext.ActivationServices;

    /// <summary>Deactivates this activation once the current call completes; the next call gets a new activation.</summary>
    protected void DeactivateOnIdle() => GrainBaseExtensions.DeactivateOnIdle(this);

    /// <summary>
    /// Keeps this activation from idle collection for at least <paramref name="timeSpan"/>. A negative value cancels an
    /// earlier request; <see cref="DeactivateOnIdle"/> overrides it.
    /// </summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => ((ActivationData)GrainContext).DelayDeactivation(timeSpan);

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <inheritdoc cref="GrainBaseExtensions.RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(
        Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        GrainBaseExtensions.RegisterGrainTimer(this, callback, state, options);

    /// <inheritdoc cref="GrainBaseExtensions.RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        GrainBaseExtensions.RegisterGrainTimer(this, callback, options);

    /// <inheritdoc cref="GrainBaseExtensions.RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer(Func<Task> callback, GrainTimerCreationOptions options) =>
        GrainBaseExtensions.RegisterGrainTimer(this, callback, options);

    /// <inheritdoc cref="GrainBaseExtensions.RegisterGrainTimer{TState}(IGrainBase, Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(
        Func<TState, Task> callback, TState state, GrainTimerCreationOptions options) =>
        GrainBaseExtensions.RegisterGrainTimer(this, callback, state, options);
}
