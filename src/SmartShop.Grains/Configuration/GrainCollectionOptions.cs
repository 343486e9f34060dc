namespace SmartShop.Grains.Configuration;

/// <summary>Idle collection and deactivation, as Orleans' GrainCollectionOptions. Times use the silo's TimeProvider.</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>
    /// How often the collector looks for idle activations (default 1 minute). An activation is collected between
    /// CollectionAge and CollectionAge + CollectionQuantum after its last call.
    /// </summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an activation may stay idle before it is deactivated (default 15 minutes, as Orleans).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Per-class collection age, keyed by the grain class's full name. [CollectionAgeLimit] wins over this.</summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; set; } = [];

    /// <summary>
    /// How long OnDeactivateAsync may take (default 30 s). Its token is cancelled then and the activation is removed
    /// anyway (the grain object is then not disposed, as its code may still be running).
    /// </summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
