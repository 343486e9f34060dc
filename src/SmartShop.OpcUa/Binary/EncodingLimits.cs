namespace SmartShop.OpcUa.Binary;

/// <summary>
/// What a peer may make this stack read or write. The decoder checks every declared length against these limits and
/// against the bytes that are left BEFORE it allocates, so a hostile server cannot make the client allocate without
/// bound, recurse without bound or crash. Breaking a limit is a <see cref="UaDecodingException"/> (or
/// <see cref="UaEncodingException"/>) with BadEncodingLimitsExceeded.
/// </summary>
public sealed record EncodingLimits
{
    /// <summary>Largest message to encode or decode, in bytes (after chunks are joined). Default 16 MiB.</summary>
    public int MaxMessageSize { get; init => field = Positive(value); } = 16 * 1024 * 1024;

    /// <summary>Largest String or XmlElement, in UTF-8 bytes. Default 1 MiB.</summary>
    public int MaxStringLength { get; init => field = Positive(value); } = 1024 * 1024;

    /// <summary>Largest ByteString (and ExtensionObject body), in bytes. Default 16 MiB.</summary>
    public int MaxByteStringLength { get; init => field = Positive(value); } = 16 * 1024 * 1024;

    /// <summary>Most elements in one array (the product of a matrix's dimensions included). Default 1,000,000.</summary>
    public int MaxArrayLength { get; init => field = Positive(value); } = 1_000_000;

    /// <summary>
    /// Deepest nesting of Variant-in-Variant, DataValue-in-Variant, ExtensionObject bodies and inner DiagnosticInfos.
    /// Default 100 (OPC 10000-6 asks decoders to accept at least 100 DiagnosticInfo levels). At most 10,000; the decoder
    /// also stops with BadEncodingLimitsExceeded before the thread's stack runs out.
    /// </summary>
    public int MaxNestingDepth { get; init => field = value is > 0 and <= 10_000 ? value : throw new ArgumentOutOfRangeException(nameof(MaxNestingDepth), value, "1 to 10,000."); } = 100;

    /// <summary>
    /// Estimate of the managed memory one decode may allocate (arrays by element size, strings as UTF-16, boxed and
    /// structured values by object size), in bytes. Bounds the blow-up of small encodings into large objects, e.g. a
    /// one-byte DataValue that becomes a boxed struct. Default 256 MiB.
    /// </summary>
    public long MaxAllocationBytes { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAllocationBytes), value, "Must be positive."); } = 256L * 1024 * 1024;

    public static EncodingLimits Default { get; } = new();

    private static int Positive(int value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Limits must be positive.");
}
