using Microsoft.Extensions.Logging;

namespace SmartShop.Grains.Runtime;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Silo started with {GrainClassCount} grain classes.")]
    public static partial void Started(ILogger logger, int grainClassCount);

    [LoggerMessage(2, LogLevel.Information, "Silo stopping: deactivating {ActivationCount} activations.")]
    public static partial void Stopping(ILogger logger, int activationCount);

    [LoggerMessage(3, LogLevel.Information, "Silo stopped.")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(4, LogLevel.Warning, "Silo stop was cancelled with {ActivationCount} activations not yet deactivated.")]
    public static partial void StopCancelled(ILogger logger, int activationCount);

    [LoggerMessage(10, LogLevel.Error, "Activation of {GrainId} failed; its waiting calls fail with the same exception.")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(11, LogLevel.Debug, "Deactivated {GrainId} ({Reason}).")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(12, LogLevel.Warning, "OnDeactivateAsync of {GrainId} failed.")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(13, LogLevel.Warning, "OnDeactivateAsync of {GrainId} did not finish within {Timeout}; the activation is removed anyway.")]
    public static partial void DeactivationTimedOut(ILogger logger, GrainId grainId, TimeSpan timeout);

    [LoggerMessage(14, LogLevel.Warning, "Disposing the grain object or DI scope of {GrainId} failed.")]
    public static partial void DisposeFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(20, LogLevel.Error, "Unhandled exception in work running on activation {GrainId} (an async void method?).")]
    public static partial void WorkItemFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(21, LogLevel.Warning, "Timer callback of {GrainId} failed; the timer keeps running.")]
    public static partial void TimerCallbackFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(22, LogLevel.Warning, "One-way call {Call} failed.")]
    public static partial void OneWayCallFailed(ILogger logger, Exception exception, string call);

    [LoggerMessage(23, LogLevel.Error, "Silo housekeeping ({Task}) failed.")]
    public static partial void HousekeepingFailed(ILogger logger, Exception exception, string task);

    [LoggerMessage(30, LogLevel.Warning, "Grain storage 'Default' is the in-memory MemoryGrainStorage: grain state is lost when the process stops.")]
    public static partial void InMemoryDefaultStorage(ILogger logger);
}
