namespace SmartShop.Grains;

/// <summary>
/// Hands out grain references, as Orleans' IGrainFactory. A reference is a cheap proxy: no activation happens until
/// its first call, and any number of references to the same key reach the same activation.
/// </summary>
public interface IGrainFactory
{
    /// <param name="primaryKey">The grain's key.</param>
    /// <param name="grainClassNamePrefix">
    /// Only needed when several grain classes implement <typeparamref name="TGrainInterface"/>: a prefix of the full
    /// name of the class to use.
    /// </param>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey;

    /// <inheritdoc cref="GetGrain{TGrainInterface}(string, string?)"/>
    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey;

    /// <inheritdoc cref="GetGrain{TGrainInterface}(string, string?)"/>
    TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to the grain with this id; the id's grain type must belong to a class implementing the interface.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable;
}

/// <summary>
/// The factory as seen from outside grains (controllers, hosted services), as Orleans' IClusterClient.
/// In-process, it is the same object as <see cref="IGrainFactory"/>.
/// </summary>
public interface IClusterClient : IGrainFactory;
