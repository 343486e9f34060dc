using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace SmartShop.OpcUa;

public enum VariantArrayType : byte
{
    Scalar = 0,
    Array = 1,
    Matrix = 2,
}

/// <summary>
/// A value of any built-in type: a scalar, a one-dimensional array or a <see cref="Matrix"/>.
/// Numeric scalars, DateTime and StatusCode live in a 64-bit field, so reading a double from a notification allocates
/// nothing; other scalars and all arrays are held by reference (arrays are not copied: do not change them later).
/// Equality is by value; floating-point values compare by bit pattern (NaN equals the same NaN, 0.0 differs from -0.0).
/// Type ids 26-31 (not assigned yet) decode as ByteString payloads with their id kept, as OPC 10000-6 5.2.2.16 asks.
/// </summary>
public readonly struct Variant : IEquatable<Variant>
{
    private readonly object? _ref;
    private readonly long _bits;
    private readonly BuiltInType _type;
    private readonly VariantArrayType _arrayType;

    internal Variant(BuiltInType type, long bits)
    {
        _type = type;
        _bits = bits;
    }

    internal Variant(BuiltInType type, VariantArrayType arrayType, object? reference)
    {
        _type = type;
        _arrayType = arrayType;
        _ref = reference;
    }

    public Variant(bool value) : this(BuiltInType.Boolean, value ? 1 : 0) { }
    public Variant(sbyte value) : this(BuiltInType.SByte, value) { }
    public Variant(byte value) : this(BuiltInType.Byte, value) { }
    public Variant(short value) : this(BuiltInType.Int16, value) { }
    public Variant(ushort value) : this(BuiltInType.UInt16, value) { }
    public Variant(int value) : this(BuiltInType.Int32, value) { }
    public Variant(uint value) : this(BuiltInType.UInt32, value) { }
    public Variant(long value) : this(BuiltInType.Int64, value) { }
    public Variant(ulong value) : this(BuiltInType.UInt64, unchecked((long)value)) { }
    public Variant(float value) : this(BuiltInType.Float, BitConverter.SingleToInt32Bits(value)) { }
    public Variant(double value) : this(BuiltInType.Double, BitConverter.DoubleToInt64Bits(value)) { }
    public Variant(UaDateTime value) : this(BuiltInType.DateTime, value.Ticks) { }
    public Variant(StatusCode value) : this(BuiltInType.StatusCode, value.Code) { }
    public Variant(string? value) : this(BuiltInType.String, VariantArrayType.Scalar, value) { }
    public Variant(Guid value) : this(BuiltInType.Guid, VariantArrayType.Scalar, value) { }
    public Variant(ByteString value) : this(BuiltInType.ByteString, VariantArrayType.Scalar, value.UnsafeArray) { }
    public Variant(XmlElement value) : this(BuiltInType.XmlElement, VariantArrayType.Scalar, value.OuterXml) { }
    public Variant(NodeId value) : this(BuiltInType.NodeId, VariantArrayType.Scalar, value) { }
    public Variant(ExpandedNodeId value) : this(BuiltInType.ExpandedNodeId, VariantArrayType.Scalar, value) { }
    public Variant(QualifiedName value) : this(BuiltInType.QualifiedName, VariantArrayType.Scalar, value) { }
    public Variant(LocalizedText value) : this(BuiltInType.LocalizedText, VariantArrayType.Scalar, value) { }
    public Variant(ExtensionObject? value) : this(BuiltInType.ExtensionObject, VariantArrayType.Scalar, value) { }
    public Variant(DataValue value) : this(BuiltInType.DataValue, VariantArrayType.Scalar, value) { }
    public Variant(DiagnosticInfo? value) : this(BuiltInType.DiagnosticInfo, VariantArrayType.Scalar, value) { }

    public Variant(bool[] values) : this(BuiltInType.Boolean, VariantArrayType.Array, NotNull(values)) { }
    public Variant(sbyte[] values) : this(BuiltInType.SByte, VariantArrayType.Array, NotNull(values)) { }
    public Variant(byte[] values) : this(BuiltInType.Byte, VariantArrayType.Array, NotNull(values)) { }
    public Variant(short[] values) : this(BuiltInType.Int16, VariantArrayType.Array, NotNull(values)) { }
    public Variant(ushort[] values) : this(BuiltInType.UInt16, VariantArrayType.Array, NotNull(values)) { }
    public Variant(int[] values) : this(BuiltInType.Int32, VariantArrayType.Array, NotNull(values)) { }
    public Variant(uint[] values) : this(BuiltInType.UInt32, VariantArrayType.Array, NotNull(values)) { }
    public Variant(long[] values) : this(BuiltInType.Int64, VariantArrayType.Array, NotNull(values)) { }
    public Variant(ulong[] values) : this(BuiltInType.UInt64, VariantArrayType.Array, NotNull(values)) { }
    public Variant(float[] values) : this(BuiltInType.Float, VariantArrayType.Array, NotNull(values)) { }
    public Variant(double[] values) : this(BuiltInType.Double, VariantArrayType.Array, NotNull(values)) { }
    public Variant(string?[] values) : this(BuiltInType.String, VariantArrayType.Array, NotNull(values)) { }
    public Variant(UaDateTime[] values) : this(BuiltInType.DateTime, VariantArrayType.Array, NotNull(values)) { }
    public Variant(Guid[] values) : this(BuiltInType.Guid, VariantArrayType.Array, NotNull(values)) { }
    public Variant(ByteString[] values) : this(BuiltInType.ByteString, VariantArrayType.Array, NotNull(values)) { }
    public Variant(XmlElement[] values) : this(BuiltInType.XmlElement, VariantArrayType.Array, NotNull(values)) { }
    public Variant(NodeId[] values) : this(BuiltInType.NodeId, VariantArrayType.Array, NotNull(values)) { }
    public Variant(ExpandedNodeId[] values) : this(BuiltInType.ExpandedNodeId, VariantArrayType.Array, NotNull(values)) { }
    public Variant(StatusCode[] values) : this(BuiltInType.StatusCode, VariantArrayType.Array, NotNull(values)) { }
    public Variant(QualifiedName[] values) : this(BuiltInType.QualifiedName, VariantArrayType.Array, NotNull(values)) { }
    public Variant(LocalizedText[] values) : this(BuiltInType.LocalizedText, VariantArrayType.Array, NotNull(values)) { }
    public Variant(ExtensionObject?[] values) : this(BuiltInType.ExtensionObject, VariantArrayType.Array, NotNull(values)) { }
    public Variant(DataValue[] values) : this(BuiltInType.DataValue, VariantArrayType.Array, NotNull(values)) { }
    public Variant(Variant[] values) : this(BuiltInType.Variant, VariantArrayType.Array, NotNull(values)) { }
    public Variant(DiagnosticInfo?[] values) : this(BuiltInType.DiagnosticInfo, VariantArrayType.Array, NotNull(values)) { }

    public Variant(Matrix matrix) : this(NotNull(matrix).ElementType, VariantArrayType.Matrix, matrix) { }

    public static Variant Null => default;

    /// <summary>The element type; Null for the null Variant. May be 26-31 for a payload of a future type.</summary>
    public BuiltInType BuiltInType => _type;

    public VariantArrayType ArrayType => _arrayType;

    public bool IsNull => _type == BuiltInType.Null;

    /// <summary>Elements of an array or matrix; 0 for a scalar.</summary>
    public int ArrayLength => _arrayType switch
    {
        VariantArrayType.Array => ((Array)_ref!).Length,
        VariantArrayType.Matrix => ((Matrix)_ref!).Elements.Length,
        _ => 0,
    };

    public Matrix? Matrix => _arrayType == VariantArrayType.Matrix ? (Matrix)_ref! : null;

    internal long Bits => _bits;
    internal object? Reference => _ref;

    /// <summary>The value boxed: a scalar, a typed array (double[], string[], ...) or a Matrix. Allocates for scalars.</summary>
    public object? Value
    {
        get
        {
            if (_arrayType != VariantArrayType.Scalar)
            {
                return _ref;
            }

            return _type switch
            {
                BuiltInType.Null => null,
                BuiltInType.Boolean => _bits != 0,
                BuiltInType.SByte => (sbyte)_bits,
                BuiltInType.Byte => (byte)_bits,
                BuiltInType.Int16 => (short)_bits,
                BuiltInType.UInt16 => (ushort)_bits,
                BuiltInType.Int32 => (int)_bits,
                BuiltInType.UInt32 => (uint)_bits,
                BuiltInType.Int64 => _bits,
                BuiltInType.UInt64 => unchecked((ulong)_bits),
                BuiltInType.Float => BitConverter.Int32BitsToSingle((int)_bits),
                BuiltInType.Double => BitConverter.Int64BitsToDouble(_bits),
                BuiltInType.DateTime => UaDateTime.FromTicks(_bits),
                BuiltInType.StatusCode => new StatusCode((uint)_bits),
                BuiltInType.XmlElement => new XmlElement((string?)_ref),
                BuiltInType.ByteString => ByteString.Wrap((byte[]?)_ref),
                > BuiltInType.DiagnosticInfo => ByteString.Wrap((byte[]?)_ref),
                _ => _ref,
            };
        }
    }

    public bool IsScalarOf(BuiltInType type) => _type == type && _arrayType == VariantArrayType.Scalar;

    public bool TryGetValue(out bool value) { value = _bits != 0; return IsScalarOf(BuiltInType.Boolean); }
    public bool TryGetValue(out sbyte value) { value = (sbyte)_bits; return IsScalarOf(BuiltInType.SByte); }
    public bool TryGetValue(out byte value) { value = (byte)_bits; return IsScalarOf(BuiltInType.Byte); }
    public bool TryGetValue(out short value) { value = (short)_bits; return IsScalarOf(BuiltInType.Int16); }
    public bool TryGetValue(out ushort value) { value = (ushort)_bits; return IsScalarOf(BuiltInType.UInt16); }
    public bool TryGetValue(out int value) { value = (int)_bits; return IsScalarOf(BuiltInType.Int32); }
    public bool TryGetValue(out uint value) { value = (uint)_bits; return IsScalarOf(BuiltInType.UInt32); }
    public bool TryGetValue(out long value) { value = _bits; return IsScalarOf(BuiltInType.Int64); }
    public bool TryGetValue(out ulong value) { value = unchecked((ulong)_bits); return IsScalarOf(BuiltInType.UInt64); }
    public bool TryGetValue(out float value) { value = BitConverter.Int32BitsToSingle((int)_bits); return IsScalarOf(BuiltInType.Float); }
    public bool TryGetValue(out double value) { value = BitConverter.Int64BitsToDouble(_bits); return IsScalarOf(BuiltInType.Double); }
    public bool TryGetValue(out UaDateTime value) { value = UaDateTime.FromTicks(_bits); return IsScalarOf(BuiltInType.DateTime); }
    public bool TryGetValue(out StatusCode value) { value = new StatusCode((uint)_bits); return IsScalarOf(BuiltInType.StatusCode); }
    public bool TryGetValue(out string? value) { value = _ref as string; return IsScalarOf(BuiltInType.String); }
    public bool TryGetValue(out ByteString value) { value = ByteString.Wrap(_ref as byte[]); return IsScalarOf(BuiltInType.ByteString); }
    public bool TryGetValue(out XmlElement value) { value = new XmlElement(_ref as string); return IsScalarOf(BuiltInType.XmlElement); }
    public bool TryGetValue(out ExtensionObject? value) { value = _ref as ExtensionObject; return IsScalarOf(BuiltInType.ExtensionObject); }
    public bool TryGetValue(out DiagnosticInfo? value) { value = _ref as DiagnosticInfo; return IsScalarOf(BuiltInType.DiagnosticInfo); }
    public bool TryGetValue(out Guid value) => TryUnbox(BuiltInType.Guid, out value);
    public bool TryGetValue(out NodeId value) => TryUnbox(BuiltInType.NodeId, out value);
    public bool TryGetValue(out ExpandedNodeId value) => TryUnbox(BuiltInType.ExpandedNodeId, out value);
    public bool TryGetValue(out QualifiedName value) => TryUnbox(BuiltInType.QualifiedName, out value);
    public bool TryGetValue(out LocalizedText value) => TryUnbox(BuiltInType.LocalizedText, out value);
    public bool TryGetValue(out DataValue value) => TryUnbox(BuiltInType.DataValue, out value);

    /// <summary>Any numeric scalar (SByte through Double) as a double: what a counter or a gauge needs.</summary>
    public bool TryGetNumber(out double value)
    {
        value = 0;
        if (_arrayType != VariantArrayType.Scalar)
        {
            return false;
        }

        switch (_type)
        {
            case BuiltInType.SByte or BuiltInType.Byte or BuiltInType.Int16 or BuiltInType.UInt16
                or BuiltInType.Int32 or BuiltInType.UInt32 or BuiltInType.Int64:
                value = _bits;
                return true;
            case BuiltInType.UInt64:
                value = unchecked((ulong)_bits);
                return true;
            case BuiltInType.Float:
                value = BitConverter.Int32BitsToSingle((int)_bits);
                return true;
            case BuiltInType.Double:
                value = BitConverter.Int64BitsToDouble(_bits);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The elements of a one-dimensional array of exactly this element type (string for String, Variant for Variant, ...).</summary>
    public bool TryGetArray<T>(out T[] values)
    {
        if (_arrayType == VariantArrayType.Array && _type == ElementTypeOf<T>())
        {
            values = Unsafe.As<T[]>(_ref!);
            return true;
        }

        values = [];
        return false;
    }

    private bool TryUnbox<T>(BuiltInType type, out T value)
        where T : struct
    {
        if (IsScalarOf(type))
        {
            value = (T)_ref!;
            return true;
        }

        value = default;
        return false;
    }

    private static T NotNull<T>(T value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class => value ?? throw new ArgumentNullException(name);

    /// <summary>The built-in type of an element of T[]; 255 when T is not one. Folded to a constant by the JIT.</summary>
    internal static BuiltInType ElementTypeOf<T>()
    {
        if (typeof(T) == typeof(bool)) return BuiltInType.Boolean;
        if (typeof(T) == typeof(sbyte)) return BuiltInType.SByte;
        if (typeof(T) == typeof(byte)) return BuiltInType.Byte;
        if (typeof(T) == typeof(short)) return BuiltInType.Int16;
        if (typeof(T) == typeof(ushort)) return BuiltInType.UInt16;
        if (typeof(T) == typeof(int)) return BuiltInType.Int32;
        if (typeof(T) == typeof(uint)) return BuiltInType.UInt32;
        if (typeof(T) == typeof(long)) return BuiltInType.Int64;
        if (typeof(T) == typeof(ulong)) return BuiltInType.UInt64;
        if (typeof(T) == typeof(float)) return BuiltInType.Float;
        if (typeof(T) == typeof(double)) return BuiltInType.Double;
        if (typeof(T) == typeof(string)) return BuiltInType.String;
        if (typeof(T) == typeof(UaDateTime)) return BuiltInType.DateTime;
        if (typeof(T) == typeof(Guid)) return BuiltInType.Guid;
        if (typeof(T) == typeof(ByteString)) return BuiltInType.ByteString;
        if (typeof(T) == typeof(XmlElement)) return BuiltInType.XmlElement;
        if (typeof(T) == typeof(NodeId)) return BuiltInType.NodeId;
        if (typeof(T) == typeof(ExpandedNodeId)) return BuiltInType.ExpandedNodeId;
        if (typeof(T) == typeof(StatusCode)) return BuiltInType.StatusCode;
        if (typeof(T) == typeof(QualifiedName)) return BuiltInType.QualifiedName;
        if (typeof(T) == typeof(LocalizedText)) return BuiltInType.LocalizedText;
        if (typeof(T) == typeof(ExtensionObject)) return BuiltInType.ExtensionObject;
        if (typeof(T) == typeof(DataValue)) return BuiltInType.DataValue;
        if (typeof(T) == typeof(Variant)) return BuiltInType.Variant;
        if (typeof(T) == typeof(DiagnosticInfo)) return BuiltInType.DiagnosticInfo;
        return (BuiltInType)255;
    }

    /// <summary>
    /// Maps an array's exact runtime type to its element type. Exact type checks, not 'is': the runtime lets a byte[]
    /// pass as sbyte[] and an int[] as uint[].
    /// </summary>
    internal static bool TryGetElementType(Array array, out BuiltInType type)
    {
        var t = array.GetType();
        type = t == typeof(bool[]) ? BuiltInType.Boolean
            : t == typeof(sbyte[]) ? BuiltInType.SByte
            : t == typeof(byte[]) ? BuiltInType.Byte
            : t == typeof(short[]) ? BuiltInType.Int16
            : t == typeof(ushort[]) ? BuiltInType.UInt16
            : t == typeof(int[]) ? BuiltInType.Int32
            : t == typeof(uint[]) ? BuiltInType.UInt32
            : t == typeof(long[]) ? BuiltInType.Int64
            : t == typeof(ulong[]) ? BuiltInType.UInt64
            : t == typeof(float[]) ? BuiltInType.Float
            : t == typeof(double[]) ? BuiltInType.Double
            : t == typeof(string[]) ? BuiltInType.String
            : t == typeof(UaDateTime[]) ? BuiltInType.DateTime
            : t == typeof(Guid[]) ? BuiltInType.Guid
            : t == typeof(ByteString[]) ? BuiltInType.ByteString
            : t == typeof(XmlElement[]) ? BuiltInType.XmlElement
            : t == typeof(NodeId[]) ? BuiltInType.NodeId
            : t == typeof(ExpandedNodeId[]) ? BuiltInType.ExpandedNodeId
            : t == typeof(StatusCode[]) ? BuiltInType.StatusCode
            : t == typeof(QualifiedName[]) ? BuiltInType.QualifiedName
            : t == typeof(LocalizedText[]) ? BuiltInType.LocalizedText
            : t == typeof(ExtensionObject[]) ? BuiltInType.ExtensionObject
            : t == typeof(DataValue[]) ? BuiltInType.DataValue
            : t == typeof(Variant[]) ? BuiltInType.Variant
            : t == typeof(DiagnosticInfo[]) ? BuiltInType.DiagnosticInfo
            : BuiltInType.Null;
        return type != BuiltInType.Null;
    }

    public static bool operator ==(Variant left, Variant right) => left.Equals(right);
    public static bool operator !=(Variant left, Variant right) => !left.Equals(right);

    public bool Equals(Variant other)
    {
        if (_type != other._type || _arrayType != other._arrayType)
        {
            return false;
        }

        return _arrayType switch
        {
            VariantArrayType.Scalar => IsInline(_type) ? _bits == other._bits : ScalarEquals(_type, _ref, other._ref),
            VariantArrayType.Matrix => ((Matrix)_ref!).Equals((Matrix)other._ref!),
            _ => ArrayEquals(_type, (Array)_ref!, (Array)other._ref!),
        };
    }

    public override bool Equals(object? obj) => obj is Variant other && Equals(other);

    public override int GetHashCode()
    {
        if (_arrayType != VariantArrayType.Scalar)
        {
            return HashCode.Combine(_type, _arrayType, ArrayLength);
        }

        return IsInline(_type)
            ? HashCode.Combine(_type, _bits)
            : HashCode.Combine(_type, _ref is byte[] bytes ? ByteString.Wrap(bytes).GetHashCode() : _ref?.GetHashCode() ?? 0);
    }

    /// <summary>Scalars in their text form, arrays as "[1, 2, 3]" (the first 16 elements), matrices as "Double[2x3]".</summary>
    public override string ToString()
    {
        if (_type == BuiltInType.Null)
        {
            return "Null";
        }

        if (_arrayType == VariantArrayType.Matrix)
        {
            return _ref!.ToString()!;
        }

        if (_arrayType == VariantArrayType.Scalar)
        {
            return Format(Value);
        }

        var array = (Array)_ref!;
        var text = new StringBuilder("[");
        var shown = Math.Min(array.Length, 16);
        for (var i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(Format(array.GetValue(i)));
        }

        if (array.Length > shown)
        {
            text.Append(", … (").Append(array.Length).Append(')');
        }

        return text.Append(']').ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Types whose scalar lives in the 64-bit field.</summary>
    internal static bool IsInline(BuiltInType type) =>
        type is >= BuiltInType.Boolean and <= BuiltInType.Double or BuiltInType.DateTime or BuiltInType.StatusCode;

    private static bool ScalarEquals(BuiltInType type, object? left, object? right)
    {
        if (left is byte[] || right is byte[])
        {
            return ByteString.Wrap(left as byte[]).Equals(ByteString.Wrap(right as byte[]));
        }

        return type is BuiltInType.String or BuiltInType.XmlElement
            ? string.Equals((string?)left, (string?)right, StringComparison.Ordinal)
            : Equals(left, right);
    }

    internal static bool ArrayEquals(BuiltInType type, Array left, Array right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        return type switch
        {
            BuiltInType.Boolean => BitsEqual((bool[])left, (bool[])right),
            BuiltInType.SByte => BitsEqual((sbyte[])left, (sbyte[])right),
            BuiltInType.Byte => BitsEqual((byte[])left, (byte[])right),
            BuiltInType.Int16 => BitsEqual((short[])left, (short[])right),
            BuiltInType.UInt16 => BitsEqual((ushort[])left, (ushort[])right),
            BuiltInType.Int32 => BitsEqual((int[])left, (int[])right),
            BuiltInType.UInt32 => BitsEqual((uint[])left, (uint[])right),
            BuiltInType.Int64 => BitsEqual((long[])left, (long[])right),
            BuiltInType.UInt64 => BitsEqual((ulong[])left, (ulong[])right),
            BuiltInType.Float => BitsEqual((float[])left, (float[])right),
            BuiltInType.Double => BitsEqual((double[])left, (double[])right),
            BuiltInType.DateTime => BitsEqual((UaDateTime[])left, (UaDateTime[])right),
            BuiltInType.Guid => BitsEqual((Guid[])left, (Guid[])right),
            BuiltInType.StatusCode => BitsEqual((StatusCode[])left, (StatusCode[])right),
            BuiltInType.String => ElementsEqual((string?[])left, (string?[])right),
            BuiltInType.XmlElement => ElementsEqual((XmlElement[])left, (XmlElement[])right),
            BuiltInType.NodeId => ElementsEqual((NodeId[])left, (NodeId[])right),
            BuiltInType.ExpandedNodeId => ElementsEqual((ExpandedNodeId[])left, (ExpandedNodeId[])right),
            BuiltInType.QualifiedName => ElementsEqual((QualifiedName[])left, (QualifiedName[])right),
            BuiltInType.LocalizedText => ElementsEqual((LocalizedText[])left, (LocalizedText[])right),
            BuiltInType.ExtensionObject => ElementsEqual((ExtensionObject?[])left, (ExtensionObject?[])right),
            BuiltInType.DataValue => ElementsEqual((DataValue[])left, (DataValue[])right),
            BuiltInType.Variant => ElementsEqual((Variant[])left, (Variant[])right),
            BuiltInType.DiagnosticInfo => ElementsEqual((DiagnosticInfo?[])left, (DiagnosticInfo?[])right),
            _ => ElementsEqual((ByteString[])left, (ByteString[])right),
        };
    }

    private static bool BitsEqual<T>(T[] left, T[] right)
        where T : unmanaged =>
        MemoryMarshal.AsBytes(left.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(right.AsSpan()));

    private static bool ElementsEqual<T>(T[] left, T[] right)
    {
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < left.Length; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }
}
