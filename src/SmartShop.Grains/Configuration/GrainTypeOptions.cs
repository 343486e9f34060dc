namespace SmartShop.Grains.Configuration;

/// <summary>The grain classes the silo serves (filled by silo.AddGrain&lt;T&gt;() and silo.AddGrainsFromAssembly).</summary>
public sealed class GrainTypeOptions
{
    public HashSet<Type> Classes { get; } = [];
}
