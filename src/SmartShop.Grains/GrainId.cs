namespace SmartShop.Grains;

/// <summary>
/// Identity of one grain: its type name and its key, as Orleans' GrainId (type + key).
/// Guid and integer keys are held in their canonical string form ("D" format, invariant decimal).
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
