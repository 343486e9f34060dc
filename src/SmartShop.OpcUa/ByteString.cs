namespace SmartShop.OpcUa;

/// <summary>
/// A sequence of octets where null (length -1 on the wire) and empty (length 0) are distinct values.
/// Immutable by convention: the constructor copies, <see cref="Wrap"/> takes ownership of an array nobody mutates later.
/// </summary>
public readonly struct ByteString : IEquatable<ByteString>
{
    private readonly byte[]? _bytes;

    public ByteString(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    private ByteString(byte[]? bytes, bool owned) => _bytes = bytes;

    public static ByteString Null => default;
    public static ByteString Empty { get; } = new([], owned: true);

    /// <summary>Uses the array without copying; the caller must not change it afterwards.</summary>
    public static ByteString Wrap(byte[]? bytes) => new(bytes, owned: true);

    public bool IsNull => _bytes is null;
    public bool IsNullOrEmpty => _bytes is null || _bytes.Length == 0;

    /// <summary>0 for null as well as empty; use <see cref="IsNull"/> to tell them apart.</summary>
    public int Length => _bytes?.Length ?? 0;

    public ReadOnlySpan<byte> Span => _bytes;
    public ReadOnlyMemory<byte> Memory => _bytes;

    internal byte[]? UnsafeArray => _bytes;

    public byte[]? ToArray() => _bytes is null ? null : (byte[])_bytes.Clone();

    public static bool operator ==(ByteString left, ByteString right) => left.Equals(right);
    public static bool operator !=(ByteString left, ByteString right) => !left.Equals(right);

    public bool Equals(ByteString other)
    {
        if (_bytes is null || other._bytes is null)
        {
            return _bytes is null && other._bytes is null;
        }

        return _bytes.AsSpan().SequenceEqual(other._bytes);
    }

    public override bool Equals(object? obj) => obj is ByteString other && Equals(other);

    public override int GetHashCode()
    {
        if (_bytes is null)
        {
            return -1;
        }

        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Base64 of the content; empty text for null.</summary>
    public override string ToString() => _bytes is null ? string.Empty : Convert.ToBase64String(_bytes);
}
