namespace SmartShop.Grains;

/// <summary>Something that has a grain identity: a grain instance or a grain reference (as Orleans' IAddressable).</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces. Use one of the keyed variants below.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain interface whose grains are keyed by a string (machine id, work-order number, ...).</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain interface whose grains are keyed by a <see cref="Guid"/>.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain interface whose grains are keyed by a 64-bit integer.</summary>
public interface IGrainWithIntegerKey : IGrain;
