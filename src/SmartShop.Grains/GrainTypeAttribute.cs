namespace SmartShop.Grains;

/// <summary>
/// Names a grain class's grain type, the first half of its <see cref="GrainId"/> and therefore of its storage keys.
/// Without it the name is the class name in lower case without a "Grain" suffix ("MachineGrain" -> "machine"), as in
/// Orleans. Set it explicitly on grains with persistent state so that renaming the class keeps the stored data.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    public string GrainType { get; } = grainType;
}

/// <summary>
/// Overrides the idle collection age for one grain class (GrainCollectionOptions.CollectionAge is the default).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    public double Days { get; init; }

    public double Hours { get; init; }

    public double Minutes { get; init; }

    /// <summary>Never collect activations of this class for idleness (they still deactivate on shutdown).</summary>
    public bool AlwaysActive { get; init; }

    public TimeSpan AgeLimit => TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes);
}
