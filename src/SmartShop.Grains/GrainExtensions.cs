using System.Globalization;
using SmartShop.Grains.Runtime;

namespace SmartShop.Grains;

/// <summary>Identity helpers for grains and grain references, as Orleans' GrainExtensions.</summary>
public static class GrainExtensions
{
    /// <summary>The grain id of a grain instance (<c>this.GetGrainId()</c>) or of a grain reference.</summary>
    public static GrainId GetGrainId(this IAddressable grain) => grain switch
    {
        null => throw new ArgumentNullException(nameof(grain)),
        GrainReference reference => reference.GrainId,
        IGrainBase instance => instance.GrainContext.GrainId,
        _ => throw new ArgumentException(
            $"{grain.GetType()} is neither a grain reference nor a grain created by the runtime.", nameof(grain)),
    };

    /// <summary>The key of a string-keyed grain (for other key kinds, the key's canonical string form).</summary>
    public static string GetPrimaryKeyString(this IAddressable grain) => grain.GetGrainId().Key;

    /// <summary>The key of a Guid-keyed grain.</summary>
    public static Guid GetPrimaryKey(this IAddressable grain)
    {
        var id = grain.GetGrainId();
        return Guid.TryParseExact(id.Key, "D", out var key)
            ? key
            : throw new InvalidOperationException($"Grain {id} does not have a Guid key.");
    }

    /// <summary>The key of an integer-keyed grain.</summary>
    public static long GetPrimaryKeyLong(this IAddressable grain)
    {
        var id = grain.GetGrainId();
        return long.TryParse(id.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw new InvalidOperationException($"Grain {id} does not have an integer key.");
    }

    /// <summary>
    /// A reference to the same grain through another of its interfaces; from inside a grain, a reference to itself
    /// (calls through it are ordinary grain calls and queue behind the current turn).
    /// </summary>
    public static TGrainInterface AsReference<TGrainInterface>(this IAddressable grain)
        where TGrainInterface : IAddressable
    {
        var silo = grain switch
        {
            null => throw new ArgumentNullException(nameof(grain)),
            GrainReference reference => reference.Silo,
            IGrainBase { GrainContext: ActivationData activation } => activation.Silo,
            _ => throw new ArgumentException(
                $"{grain.GetType()} is neither a grain reference nor a grain created by the runtime.", nameof(grain)),
        };
        return silo.GetGrain<TGrainInterface>(grain.GetGrainId());
    }

    /// <inheritdoc cref="AsReference{TGrainInterface}(IAddressable)"/>
    public static TGrainInterface Cast<TGrainInterface>(this IAddressable grain)
        where TGrainInterface : IAddressable => grain.AsReference<TGrainInterface>();
}
