using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SmartShop.OpcUa.Binary;

/// <summary>
/// Writes UA Binary (OPC 10000-6 5.2), little-endian, into a growable buffer rented from the shared ArrayPool.
/// Reuse one encoder per channel with <see cref="Reset"/> and nothing is allocated per message; <see cref="Dispose"/>
/// returns the buffer. Also an <see cref="IBufferWriter{T}"/>, and <see cref="PatchInt32"/> rewrites a length written
/// earlier (message headers). Limits are checked as values are written; breaking one throws
/// <see cref="UaEncodingException"/>, after which the encoder must be reset.
/// </summary>
public sealed class BinaryEncoder : IBufferWriter<byte>, IDisposable
{
    private readonly EncodingLimits _limits;
    private byte[] _buffer;
    private int _position;
    private int _capacity;
    private int _depth;
    private bool _disposed;

    public BinaryEncoder(EncodingContext? context = null, int initialCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        Context = context ?? EncodingContext.Default;
        _limits = Context.Limits;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialCapacity, _limits.MaxMessageSize));
        _capacity = Math.Min(_buffer.Length, _limits.MaxMessageSize);
    }

    public EncodingContext Context { get; }

    /// <summary>Bytes written so far.</summary>
    public int Position => _position;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>Valid until the next write, <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets what was written and keeps the buffer.</summary>
    public void Reset()
    {
        _position = 0;
        _depth = 0;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var buffer = _buffer;
        _buffer = [];
        _capacity = 0;
        _position = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Overwrites 4 bytes written earlier, e.g. a message size known only at the end.</summary>
    public void PatchInt32(int offset, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, _position - 4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset, 4), value);
    }

    public void PatchUInt32(int offset, uint value) => PatchInt32(offset, unchecked((int)value));

    // IBufferWriter<byte>: lets cryptography and transports write raw bytes in place.
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _capacity - _position);
        _position += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(_position + Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_position, _capacity - _position);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(_position + Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_position, _capacity - _position);
    }

    public void WriteBoolean(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteSByte(sbyte value) => Reserve(1)[0] = unchecked((byte)value);

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void WriteFloat(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    /// <summary>Int32 byte count (-1 for null) and UTF-8 bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteUtf8(value, "String");
    }

    /// <summary>Ticks as an Int64; the value is already clamped to the encodable range.</summary>
    public void WriteDateTime(UaDateTime value) => WriteInt64(value.Ticks);

    /// <summary>Data1-3 little-endian then Data4 as bytes, which is .NET's own little-endian Guid layout.</summary>
    public void WriteGuid(Guid value) => value.TryWriteBytes(Reserve(16));

    public void WriteByteString(ByteString value)
    {
        if (value.IsNull)
        {
            WriteInt32(-1);
            return;
        }

        WriteByteString(value.Span);
    }

    public void WriteByteString(ReadOnlySpan<byte> value)
    {
        if (value.Length > _limits.MaxByteStringLength)
        {
            throw Limit($"A ByteString of {value.Length} bytes exceeds the limit of {_limits.MaxByteStringLength}.");
        }

        var span = Reserve(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.CopyTo(span[4..]);
    }

    /// <summary>Raw bytes with no length prefix (headers, signatures, padding).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void WriteXmlElement(XmlElement value)
    {
        if (value.OuterXml is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteUtf8(value.OuterXml, "XmlElement");
    }

    /// <summary>The smallest form that holds the value: two-byte, four-byte or full numeric; string, Guid or opaque.</summary>
    public void WriteNodeId(NodeId value) => WriteNodeIdCore(value, 0);

    public void WriteExpandedNodeId(ExpandedNodeId value)
    {
        byte flags = 0;
        if (value.NamespaceUri is not null)
        {
            flags |= 0x80;
        }

        if (value.ServerIndex != 0)
        {
            flags |= 0x40;
        }

        WriteNodeIdCore(value.NodeId, flags);
        if (value.NamespaceUri is not null)
        {
            WriteString(value.NamespaceUri);
        }

        if (value.ServerIndex != 0)
        {
            WriteUInt32(value.ServerIndex);
        }
    }

    public void WriteStatusCode(StatusCode value) => WriteUInt32(value.Code);

    public void WriteQualifiedName(QualifiedName value)
    {
        WriteUInt16(value.NamespaceIndex);
        WriteString(value.Name);
    }

    public void WriteLocalizedText(LocalizedText value)
    {
        byte mask = 0;
        if (value.Locale is not null)
        {
            mask |= 0x01;
        }

        if (value.Text is not null)
        {
            mask |= 0x02;
        }

        WriteByte(mask);
        if (value.Locale is not null)
        {
            WriteString(value.Locale);
        }

        if (value.Text is not null)
        {
            WriteString(value.Text);
        }
    }

    /// <summary>TypeId, encoding byte, then the body; null is the null NodeId with no body (00 00 00).</summary>
    public void WriteExtensionObject(ExtensionObject? value)
    {
        if (value is null)
        {
            WriteNodeId(NodeId.Null);
            WriteByte(0);
            return;
        }

        WriteNodeId(ResolveTypeId(value.TypeId));
        switch (value.BodyKind)
        {
            case ExtensionObjectBodyKind.Binary:
                WriteByte(1);
                WriteByteString(value.BinaryBody);
                break;
            case ExtensionObjectBodyKind.Xml:
                WriteByte(2);
                WriteXmlElement(value.XmlBody);
                break;
            case ExtensionObjectBodyKind.Encodeable:
                WriteByte(1);
                var lengthOffset = _position;
                WriteInt32(0);
                Enter();
                value.Body!.Encode(this);
                Exit();
                var length = _position - lengthOffset - 4;
                if (length > _limits.MaxByteStringLength)
                {
                    throw Limit($"An ExtensionObject body of {length} bytes exceeds the limit of {_limits.MaxByteStringLength}.");
                }

                BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(lengthOffset, 4), length);
                break;
            default:
                WriteByte(0);
                break;
        }
    }

    /// <summary>The encoding mask leaves out a null value, Good status, MinValue timestamps and zero picoseconds.</summary>
    public void WriteDataValue(in DataValue value)
    {
        var hasSource = !value.SourceTimestamp.IsMinValue;
        var hasServer = !value.ServerTimestamp.IsMinValue;
        byte mask = 0;
        if (!value.Value.IsNull)
        {
            mask |= 0x01;
        }

        if (value.StatusCode.Code != 0)
        {
            mask |= 0x02;
        }

        if (hasSource)
        {
            mask |= 0x04;
        }

        if (hasServer)
        {
            mask |= 0x08;
        }

        if (hasSource && value.SourcePicoseconds != 0)
        {
            mask |= 0x10;
        }

        if (hasServer && value.ServerPicoseconds != 0)
        {
            mask |= 0x20;
        }

        WriteByte(mask);
        if ((mask & 0x01) != 0)
        {
            WriteVariant(value.Value);
        }

        if ((mask & 0x02) != 0)
        {
            WriteUInt32(value.StatusCode.Code);
        }

        if (hasSource)
        {
            WriteInt64(value.SourceTimestamp.Ticks);
        }

        if ((mask & 0x10) != 0)
        {
            WriteUInt16(value.SourcePicoseconds);
        }

        if (hasServer)
        {
            WriteInt64(value.ServerTimestamp.Ticks);
        }

        if ((mask & 0x20) != 0)
        {
            WriteUInt16(value.ServerPicoseconds);
        }
    }

    /// <summary>
    /// Mask byte (type id, 0x80 array, 0x40 dimensions), then the value(s), then the dimensions of a matrix.
    /// A matrix with a zero-length dimension is written as an empty array: OPC 10000-6 5.2.2.16 allows dimensions
    /// only when all are greater than 0.
    /// </summary>
    public void WriteVariant(in Variant value)
    {
        var type = value.BuiltInType;
        if (type == BuiltInType.Null)
        {
            WriteByte(0);
            return;
        }

        if (type > BuiltInType.DiagnosticInfo)
        {
            throw new UaEncodingException(StatusCodes.BadEncodingError, $"Built-in type id {(int)type} is reserved; encoders shall not use it.");
        }

        switch (value.ArrayType)
        {
            case VariantArrayType.Scalar:
                WriteByte((byte)type);
                WriteScalar(type, value);
                break;
            case VariantArrayType.Array:
                WriteByte((byte)((byte)type | 0x80));
                WriteArray(type, (Array)value.Reference!);
                break;
            default:
                var matrix = value.Matrix!;
                var dimensions = matrix.DimensionsArray;
                if (matrix.Elements.Length == 0 && Array.IndexOf(dimensions, 0) >= 0)
                {
                    WriteByte((byte)((byte)type | 0x80));
                    WriteInt32(0);
                    break;
                }

                WriteByte((byte)((byte)type | 0xC0));
                WriteArray(type, matrix.Elements);
                WriteArray(BuiltInType.Int32, dimensions);
                break;
        }
    }

    /// <summary>
    /// Mask, then SymbolicId, NamespaceUri, Locale, LocalizedText, AdditionalInfo, InnerStatusCode, inner info (that
    /// order, OPC 10000-6 5.2.2.12). An empty DiagnosticInfo is written as null (one 0 byte), so that it reads back as what it was written from.
    /// </summary>
    public void WriteDiagnosticInfo(DiagnosticInfo? value)
    {
        if (value is null || value.IsEmpty)
        {
            WriteByte(0);
            return;
        }

        byte mask = 0;
        if (value.SymbolicId != -1)
        {
            mask |= 0x01;
        }

        if (value.NamespaceUri != -1)
        {
            mask |= 0x02;
        }

        if (value.LocalizedText != -1)
        {
            mask |= 0x04;
        }

        if (value.Locale != -1)
        {
            mask |= 0x08;
        }

        if (value.AdditionalInfo is not null)
        {
            mask |= 0x10;
        }

        if (value.InnerStatusCode.Code != 0)
        {
            mask |= 0x20;
        }

        if (value.InnerDiagnosticInfo is { IsEmpty: false })
        {
            mask |= 0x40;
        }

        WriteByte(mask);
        if ((mask & 0x01) != 0)
        {
            WriteInt32(value.SymbolicId);
        }

        if ((mask & 0x02) != 0)
        {
            WriteInt32(value.NamespaceUri);
        }

        if ((mask & 0x08) != 0)
        {
            WriteInt32(value.Locale);
        }

        if ((mask & 0x04) != 0)
        {
            WriteInt32(value.LocalizedText);
        }

        if ((mask & 0x10) != 0)
        {
            WriteString(value.AdditionalInfo);
        }

        if ((mask & 0x20) != 0)
        {
            WriteUInt32(value.InnerStatusCode.Code);
        }

        if ((mask & 0x40) != 0)
        {
            Enter();
            WriteDiagnosticInfo(value.InnerDiagnosticInfo);
            Exit();
        }
    }

    /// <summary>The fields of a structure, without any type id.</summary>
    public void WriteEncodeable<T>(T value)
        where T : IEncodeable
    {
        if (value is null)
        {
            throw new UaEncodingException(StatusCodes.BadEncodingError, $"A {typeof(T).Name} field is null; structures have no null value.");
        }

        Enter();
        value.Encode(this);
        Exit();
    }

    public void WriteEncodeableArray<T>(T[]? values)
        where T : IEncodeable
    {
        if (!WriteArrayLength(values))
        {
            return;
        }

        foreach (var value in values!)
        {
            WriteEncodeable(value);
        }
    }

    /// <summary>A service message: the Default Binary encoding NodeId, then the fields.</summary>
    public void WriteMessage(IEncodeable message)
    {
        ArgumentNullException.ThrowIfNull(message);
        WriteNodeId(ResolveTypeId(message.BinaryEncodingId));
        WriteEncodeable(message);
    }

    public void WriteBooleanArray(bool[]? values) => WriteNullableArray(BuiltInType.Boolean, values);
    public void WriteSByteArray(sbyte[]? values) => WriteNullableArray(BuiltInType.SByte, values);
    public void WriteByteArray(byte[]? values) => WriteNullableArray(BuiltInType.Byte, values);
    public void WriteInt16Array(short[]? values) => WriteNullableArray(BuiltInType.Int16, values);
    public void WriteUInt16Array(ushort[]? values) => WriteNullableArray(BuiltInType.UInt16, values);
    public void WriteInt32Array(int[]? values) => WriteNullableArray(BuiltInType.Int32, values);
    public void WriteUInt32Array(uint[]? values) => WriteNullableArray(BuiltInType.UInt32, values);
    public void WriteInt64Array(long[]? values) => WriteNullableArray(BuiltInType.Int64, values);
    public void WriteUInt64Array(ulong[]? values) => WriteNullableArray(BuiltInType.UInt64, values);
    public void WriteFloatArray(float[]? values) => WriteNullableArray(BuiltInType.Float, values);
    public void WriteDoubleArray(double[]? values) => WriteNullableArray(BuiltInType.Double, values);
    public void WriteStringArray(string?[]? values) => WriteNullableArray(BuiltInType.String, values);
    public void WriteDateTimeArray(UaDateTime[]? values) => WriteNullableArray(BuiltInType.DateTime, values);
    public void WriteGuidArray(Guid[]? values) => WriteNullableArray(BuiltInType.Guid, values);
    public void WriteByteStringArray(ByteString[]? values) => WriteNullableArray(BuiltInType.ByteString, values);
    public void WriteXmlElementArray(XmlElement[]? values) => WriteNullableArray(BuiltInType.XmlElement, values);
    public void WriteNodeIdArray(NodeId[]? values) => WriteNullableArray(BuiltInType.NodeId, values);
    public void WriteExpandedNodeIdArray(ExpandedNodeId[]? values) => WriteNullableArray(BuiltInType.ExpandedNodeId, values);
    public void WriteStatusCodeArray(StatusCode[]? values) => WriteNullableArray(BuiltInType.StatusCode, values);
    public void WriteQualifiedNameArray(QualifiedName[]? values) => WriteNullableArray(BuiltInType.QualifiedName, values);
    public void WriteLocalizedTextArray(LocalizedText[]? values) => WriteNullableArray(BuiltInType.LocalizedText, values);
    public void WriteExtensionObjectArray(ExtensionObject?[]? values) => WriteNullableArray(BuiltInType.ExtensionObject, values);
    public void WriteDataValueArray(DataValue[]? values) => WriteNullableArray(BuiltInType.DataValue, values);
    public void WriteVariantArray(Variant[]? values) => WriteNullableArray(BuiltInType.Variant, values);
    public void WriteDiagnosticInfoArray(DiagnosticInfo?[]? values) => WriteNullableArray(BuiltInType.DiagnosticInfo, values);

    private void WriteNullableArray(BuiltInType type, Array? values)
    {
        if (values is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteArray(type, values);
    }

    /// <summary>Length prefix (-1 for null); false when there are no elements to write after it.</summary>
    private bool WriteArrayLength(Array? values)
    {
        if (values is null)
        {
            WriteInt32(-1);
            return false;
        }

        CheckArrayLength(values.Length);
        WriteInt32(values.Length);
        return values.Length > 0;
    }

    private void CheckArrayLength(int length)
    {
        if (length > _limits.MaxArrayLength)
        {
            throw Limit($"An array of {length} elements exceeds the limit of {_limits.MaxArrayLength}.");
        }
    }

    private void WriteArray(BuiltInType type, Array values)
    {
        CheckArrayLength(values.Length);
        WriteInt32(values.Length);
        switch (type)
        {
            case BuiltInType.Boolean:
                var booleans = (bool[])values;
                var span = Reserve(booleans.Length);
                for (var i = 0; i < booleans.Length; i++)
                {
                    span[i] = booleans[i] ? (byte)1 : (byte)0;
                }

                break;
            case BuiltInType.SByte: WriteBulk<sbyte>((sbyte[])values); break;
            case BuiltInType.Byte: WriteBulk<byte>((byte[])values); break;
            case BuiltInType.Int16: WriteBulk<short>((short[])values); break;
            case BuiltInType.UInt16: WriteBulk<ushort>((ushort[])values); break;
            case BuiltInType.Int32: WriteBulk<int>((int[])values); break;
            case BuiltInType.UInt32: WriteBulk<uint>((uint[])values); break;
            case BuiltInType.Int64: WriteBulk<long>((long[])values); break;
            case BuiltInType.UInt64: WriteBulk<ulong>((ulong[])values); break;
            case BuiltInType.Float: WriteBulk<float>((float[])values); break;
            case BuiltInType.Double: WriteBulk<double>((double[])values); break;
            case BuiltInType.DateTime: WriteBulk(MemoryMarshal.Cast<UaDateTime, long>((UaDateTime[])values)); break;
            case BuiltInType.StatusCode: WriteBulk(MemoryMarshal.Cast<StatusCode, uint>((StatusCode[])values)); break;
            case BuiltInType.String: foreach (var v in (string?[])values) { WriteString(v); } break;
            case BuiltInType.Guid: foreach (var v in (Guid[])values) { WriteGuid(v); } break;
            case BuiltInType.ByteString: foreach (var v in (ByteString[])values) { WriteByteString(v); } break;
            case BuiltInType.XmlElement: foreach (var v in (XmlElement[])values) { WriteXmlElement(v); } break;
            case BuiltInType.NodeId: foreach (var v in (NodeId[])values) { WriteNodeId(v); } break;
            case BuiltInType.ExpandedNodeId: foreach (var v in (ExpandedNodeId[])values) { WriteExpandedNodeId(v); } break;
            case BuiltInType.QualifiedName: foreach (var v in (QualifiedName[])values) { WriteQualifiedName(v); } break;
            case BuiltInType.LocalizedText: foreach (var v in (LocalizedText[])values) { WriteLocalizedText(v); } break;
            case BuiltInType.ExtensionObject: foreach (var v in (ExtensionObject?[])values) { WriteExtensionObject(v); } break;
            case BuiltInType.DataValue:
                Enter();
                foreach (var v in (DataValue[])values)
                {
                    WriteDataValue(v);
                }

                Exit();
                break;
            case BuiltInType.Variant:
                Enter();
                foreach (var v in (Variant[])values)
                {
                    WriteVariant(v);
                }

                Exit();
                break;
            case BuiltInType.DiagnosticInfo: foreach (var v in (DiagnosticInfo?[])values) { WriteDiagnosticInfo(v); } break;
            default:
                throw new UaEncodingException(StatusCodes.BadEncodingError, $"Built-in type id {(int)type} cannot be encoded.");
        }
    }

    private void WriteScalar(BuiltInType type, in Variant value)
    {
        var bits = value.Bits;
        var reference = value.Reference;
        switch (type)
        {
            case BuiltInType.Boolean: WriteByte(bits != 0 ? (byte)1 : (byte)0); break;
            case BuiltInType.SByte:
            case BuiltInType.Byte: WriteByte(unchecked((byte)bits)); break;
            case BuiltInType.Int16:
            case BuiltInType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), unchecked((ushort)bits)); break;
            case BuiltInType.Int32:
            case BuiltInType.UInt32:
            case BuiltInType.Float:
            case BuiltInType.StatusCode: BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), unchecked((uint)bits)); break;
            case BuiltInType.Int64:
            case BuiltInType.UInt64:
            case BuiltInType.Double:
            case BuiltInType.DateTime: WriteInt64(bits); break;
            case BuiltInType.String: WriteString((string?)reference); break;
            case BuiltInType.Guid: WriteGuid((Guid)reference!); break;
            case BuiltInType.ByteString: WriteByteString(ByteString.Wrap((byte[]?)reference)); break;
            case BuiltInType.XmlElement: WriteXmlElement(new XmlElement((string?)reference)); break;
            case BuiltInType.NodeId: WriteNodeId((NodeId)reference!); break;
            case BuiltInType.ExpandedNodeId: WriteExpandedNodeId((ExpandedNodeId)reference!); break;
            case BuiltInType.QualifiedName: WriteQualifiedName((QualifiedName)reference!); break;
            case BuiltInType.LocalizedText: WriteLocalizedText((LocalizedText)reference!); break;
            case BuiltInType.ExtensionObject: WriteExtensionObject((ExtensionObject?)reference); break;
            case BuiltInType.DataValue:
                Enter();
                WriteDataValue((DataValue)reference!);
                Exit();
                break;
            case BuiltInType.DiagnosticInfo: WriteDiagnosticInfo((DiagnosticInfo?)reference); break;
            default:
                throw new UaEncodingException(StatusCodes.BadEncodingError, $"A Variant cannot hold a {type} scalar.");
        }
    }

    private void WriteNodeIdCore(NodeId value, byte flags)
    {
        var ns = value.NamespaceIndex;
        switch (value.IdType)
        {
            case IdType.Numeric:
                var id = value.NumericIdentifier;
                if (ns == 0 && id <= byte.MaxValue)
                {
                    var two = Reserve(2);
                    two[0] = flags;
                    two[1] = (byte)id;
                }
                else if (ns <= byte.MaxValue && id <= ushort.MaxValue)
                {
                    var four = Reserve(4);
                    four[0] = (byte)(0x01 | flags);
                    four[1] = (byte)ns;
                    BinaryPrimitives.WriteUInt16LittleEndian(four[2..], (ushort)id);
                }
                else
                {
                    var full = Reserve(7);
                    full[0] = (byte)(0x02 | flags);
                    BinaryPrimitives.WriteUInt16LittleEndian(full[1..], ns);
                    BinaryPrimitives.WriteUInt32LittleEndian(full[3..], id);
                }

                break;
            case IdType.String:
                WriteByte((byte)(0x03 | flags));
                WriteUInt16(ns);
                WriteString(value.StringIdentifier);
                break;
            case IdType.Guid:
                WriteByte((byte)(0x04 | flags));
                WriteUInt16(ns);
                WriteGuid(value.GuidIdentifier);
                break;
            default:
                WriteByte((byte)(0x05 | flags));
                WriteUInt16(ns);
                WriteByteString(value.OpaqueIdentifier);
                break;
        }
    }

    /// <summary>Turns an encoding id given by namespace URI into the index the peer knows.</summary>
    private NodeId ResolveTypeId(ExpandedNodeId typeId)
    {
        if (typeId.NamespaceUri is null && typeId.ServerIndex == 0)
        {
            return typeId.NodeId;
        }

        if (typeId.TryToNodeId(Context.NamespaceUris, out var nodeId))
        {
            return nodeId;
        }

        throw new UaEncodingException(
            StatusCodes.BadEncodingError, $"The type id {typeId} names a namespace that is not in the namespace table.");
    }

    private void WriteUtf8(string value, string what)
    {
        var byteCount = System.Text.Encoding.UTF8.GetByteCount(value);
        if (byteCount > _limits.MaxStringLength)
        {
            throw Limit($"A {what} of {byteCount} UTF-8 bytes exceeds the limit of {_limits.MaxStringLength}.");
        }

        var span = Reserve(4 + byteCount);
        BinaryPrimitives.WriteInt32LittleEndian(span, byteCount);
        System.Text.Encoding.UTF8.GetBytes(value, span[4..]);
    }

    private void WriteBulk<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var byteCount = (long)values.Length * size;
        if (byteCount > _limits.MaxMessageSize)
        {
            throw Limit($"The message would exceed the limit of {_limits.MaxMessageSize} bytes.");
        }

        var destination = Reserve((int)byteCount);
        MemoryMarshal.AsBytes(values).CopyTo(destination);
        if (!BitConverter.IsLittleEndian && size > 1)
        {
            for (var i = 0; i < destination.Length; i += size)
            {
                destination.Slice(i, size).Reverse();
            }
        }
    }

    // Nesting is counted where the decoder counts it (Variant and DataValue arrays, a DataValue in a Variant,
    // structure bodies, inner DiagnosticInfos), so whatever decodes under a limit encodes under it too.
    private void Enter()
    {
        if (++_depth > _limits.MaxNestingDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Limit($"Values are nested deeper than the limit of {_limits.MaxNestingDepth}.");
        }
    }

    private void Exit() => _depth--;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        var end = _position + count;
        if ((uint)end > (uint)_capacity)
        {
            EnsureCapacity(end);
        }

        var span = _buffer.AsSpan(_position, count);
        _position = end;
        return span;
    }

    private void EnsureCapacity(int end)
    {
        if (end <= _capacity)
        {
            return;
        }

        if (end < 0 || end > _limits.MaxMessageSize)
        {
            throw Limit($"The message would exceed the limit of {_limits.MaxMessageSize} bytes.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var size = (int)Math.Min(Math.Max((long)_buffer.Length * 2, end), _limits.MaxMessageSize);
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _position).CopyTo(next);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
        _capacity = Math.Min(next.Length, _limits.MaxMessageSize);
    }

    private UaEncodingException Limit(string message) => new(StatusCodes.BadEncodingLimitsExceeded, message);
}
