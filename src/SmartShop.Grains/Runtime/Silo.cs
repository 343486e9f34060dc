using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartShop.Grains.Configuration;
using SmartShop.Grains.Storage;

namespace SmartShop.Grains.Runtime;

/// <summary>
/// The in-process grain runtime: grain factory, activation directory (one activation per grain id), idle collector,
/// call-timeout sweeper, and the hosted service whose StopAsync deactivates every activation.
/// Grain calls work as soon as the silo is constructed; after StopAsync they fail with
/// <see cref="SiloUnavailableException"/>.
/// </summary>
internal sealed class Silo : IHostedService, IClusterClient, IDisposable, IAsyncDisposable
{
    private const int Running = 0;
    private const int Stopping = 1;
    private const int Stopped = 2;

    private readonly ConcurrentDictionary<GrainId, ActivationData> _directory = new();
    private readonly GrainTypeCatalog _catalog;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _collectionTimer;
    private readonly ITimer? _sweepTimer;
    private int _state;

    public Silo(
        IServiceProvider services,
        IOptions<GrainTypeOptions> grainTypes,
        IOptions<GrainCollectionOptions> collection,
        IOptions<SiloMessagingOptions> messaging,
        TimeProvider timeProvider)
    {
        Services = services;
        TimeProvider = timeProvider;
        Logger = services.GetService<ILoggerFactory>()?.CreateLogger("SmartShop.Grains.Silo") ?? NullLogger.Instance;
        var collectionOptions = collection.Value;
        if (collectionOptions.CollectionQuantum <= TimeSpan.Zero)
        {
            throw new ArgumentException("GrainCollectionOptions.CollectionQuantum must be positive.", nameof(collection));
        }

        DeactivationTimeout = collectionOptions.DeactivationTimeout;
        var responseTimeout = messaging.Value.ResponseTimeout;
        if (responseTimeout <= TimeSpan.Zero && responseTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("SiloMessagingOptions.ResponseTimeout must be positive or infinite.", nameof(messaging));
        }

        _catalog = new GrainTypeCatalog(grainTypes.Value.Classes, collectionOptions);
        Calls = new CallTracker(timeProvider, responseTimeout);

        // Housekeeping timers must not capture the ExecutionContext of whoever first resolved the silo.
        var restoreFlow = !ExecutionContext.IsFlowSuppressed();
        if (restoreFlow)
        {
            ExecutionContext.SuppressFlow();
        }

        try
        {
            _collectionTimer = timeProvider.CreateTimer(
                static s => ((Silo)s!).CollectIdleActivations(), this, collectionOptions.CollectionQuantum, collectionOptions.CollectionQuantum);
            if (Calls.Enabled)
            {
                var sweepPeriod = TimeSpan.FromTicks(Math.Clamp(responseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond));
                _sweepTimer = timeProvider.CreateTimer(static s => ((Silo)s!).SweepCalls(), this, sweepPeriod, sweepPeriod);
            }
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    internal IServiceProvider Services { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal CallTracker Calls { get; }

    internal TimeSpan DeactivationTimeout { get; }

    /// <summary>Cancelled when the silo starts stopping; passed to OnActivateAsync.</summary>
    internal CancellationToken StoppingToken => _stopping.Token;

    internal bool IsStopping => Volatile.Read(ref _state) != Running;

    // ---- IGrainFactory ----

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return CreateReference<TGrainInterface>(primaryKey, grainClassNamePrefix);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey =>
        CreateReference<TGrainInterface>(primaryKey.ToString("D"), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey =>
        CreateReference<TGrainInterface>(primaryKey.ToString(CultureInfo.InvariantCulture), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable
    {
        var grainClass = _catalog.GetByGrainType(grainId.Type);
        if (!typeof(TGrainInterface).IsInterface || !typeof(TGrainInterface).IsAssignableFrom(grainClass.Type))
        {
            throw new ArgumentException(
                $"Grain {grainId} is a {grainClass.Type.Name}, which does not implement {typeof(TGrainInterface).Name}.",
                nameof(grainId));
        }

        var factory = GrainProxyGenerator.GetFactory(typeof(TGrainInterface));
        return (TGrainInterface)(object)factory(this, grainClass, grainId);
    }

    private TGrainInterface CreateReference<TGrainInterface>(string key, string? grainClassNamePrefix)
    {
        var binding = _catalog.GetBinding(typeof(TGrainInterface), grainClassNamePrefix);
        return (TGrainInterface)(object)binding.CreateProxy(this, binding.Class, new GrainId(binding.Class.GrainType, key));
    }

    // ---- Directory ----

    /// <summary>The current activation if there is a live one; never creates one.</summary>
    internal ActivationData? TryGetActivation(GrainId grainId) =>
        _directory.TryGetValue(grainId, out var activation) && !activation.IsInvalid ? activation : null;

    /// <summary>
    /// The activation of <paramref name="grainId"/>, creating an (inert) one if there is none. GetOrAdd may build
    /// several candidates under a race, but only the one stored is ever returned, and nothing is constructed until
    /// its first request: so there is exactly one activation per grain id.
    /// </summary>
    internal ActivationData GetOrCreateActivation(GrainId grainId, GrainClassInfo grainClass)
    {
        for (var attempt = 0; attempt < 16; attempt++)
        {
            if (IsStopping)
            {
                throw CreateUnavailableException(null, grainId);
            }

            var activation = _directory.GetOrAdd(
                grainId, static (id, state) => new ActivationData(state.Silo, id, state.Class), (Silo: this, Class: grainClass));
            if (!activation.IsInvalid)
            {
                return activation;
            }

            // An invalid activation is on its way out of the directory; help it along and retry.
            RemoveActivation(activation);
        }

        throw new InvalidOperationException($"Could not obtain a live activation of {grainId}.");
    }

    internal void RemoveActivation(ActivationData activation) =>
        _directory.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Sends requests that waited on a deactivated activation on to its successor, or fails them when stopping.</summary>
    internal void Forward(List<GrainRequest> requests)
    {
        foreach (var request in requests)
        {
            if ((request.Flags & GrainMethodFlags.TimerTick) != 0)
            {
                continue;
            }

            if (IsStopping)
            {
                request.Fail(CreateUnavailableException(request.Description, null));
            }
            else
            {
                request.Forward();
            }
        }
    }

    internal SiloUnavailableException CreateUnavailableException(string? call, GrainId? grainId) =>
        new($"The silo is {(Volatile.Read(ref _state) == Stopped ? "stopped" : "stopping")}; the grain call " +
            $"{call ?? grainId?.ToString() ?? string.Empty} was not delivered.");

    // ---- Housekeeping ----

    private void CollectIdleActivations()
    {
        try
        {
            var nowUtcTicks = TimeProvider.GetUtcNow().UtcTicks;
            foreach (var activation in _directory.Values)
            {
                activation.CollectIfIdle(nowUtcTicks);
            }
        }
        catch (Exception ex)
        {
            Log.HousekeepingFailed(Logger, ex, "idle collection");
        }
    }

    private void SweepCalls()
    {
        try
        {
            Calls.Sweep();
        }
        catch (Exception ex)
        {
            Log.HousekeepingFailed(Logger, ex, "call timeouts");
        }
    }

    // ---- Lifecycle ----

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Started(Logger, _catalog.Count);
        if (Services.GetKeyedService<IGrainStorage>(Runtime.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME) is MemoryGrainStorage)
        {
            Log.InMemoryDefaultStorage(Logger);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Deactivates every activation (running turns finish, OnDeactivateAsync runs so grains can flush state), then
    /// refuses further calls. Activations created while stopping are picked up by the next round.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Stopping, Running) != Running)
        {
            return;
        }

        Log.Stopping(Logger, _directory.Count);
        await _stopping.CancelAsync();
        try
        {
            for (var round = 0; round < 8 && !_directory.IsEmpty; round++)
            {
                var activations = _directory.Values.ToArray();
                foreach (var activation in activations)
                {
                    activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping."));
                }

                await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.StopCancelled(Logger, _directory.Count);
        }
        finally
        {
            Shutdown();
            Log.Stopped(Logger);
        }
    }

    /// <summary>Stops housekeeping and refuses calls without deactivating anything (StopAsync is the graceful way).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, Stopped) != Stopped)
        {
            Shutdown();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Shutdown()
    {
        Volatile.Write(ref _state, Stopped);
        _collectionTimer.Dispose();
        _sweepTimer?.Dispose();
        Calls.FailAll(request => CreateUnavailableException(request.Description, null));
    }
}
