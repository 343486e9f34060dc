using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SmartShop.OpcUa.Binary;

/// <summary>
/// Reads UA Binary (OPC 10000-6 5.2) from one contiguous message. Input is untrusted: every declared length is
/// checked against <see cref="EncodingLimits"/> and against the bytes left before anything is allocated, nesting is
/// counted, and the managed memory a decode allocates is estimated and capped. Whatever the bytes, the only exception
/// that escapes is <see cref="UaDecodingException"/>; after one the decoder is spent.
/// Numeric scalars, DataValues and Variants of them decode without allocating.
/// </summary>
public sealed class BinaryDecoder
{
    private readonly byte[] _buffer;
    private readonly int _origin;
    private readonly EncodingLimits _limits;
    private int _position;
    private int _end;
    private int _depth;
    private long _allocated;

    /// <param name="buffer">The message; array-backed memory is read in place, without copying.</param>
    public BinaryDecoder(ReadOnlyMemory<byte> buffer, EncodingContext? context = null)
    {
        Context = context ?? EncodingContext.Default;
        _limits = Context.Limits;
        CheckMessageSize(buffer.Length, _limits);
        if (MemoryMarshal.TryGetArray(buffer, out var segment))
        {
            _buffer = segment.Array!;
            _origin = segment.Offset;
            _end = segment.Offset + segment.Count;
        }
        else
        {
            _buffer = buffer.ToArray();
            _end = _buffer.Length;
        }

        _position = _origin;
    }

    public BinaryDecoder(byte[] buffer, EncodingContext? context = null)
        : this(new ReadOnlyMemory<byte>(buffer ?? throw new ArgumentNullException(nameof(buffer))), context)
    {
    }

    /// <summary>A single-segment sequence is read in place; a multi-segment one (joined chunks) is copied once, after the size check.</summary>
    public BinaryDecoder(ReadOnlySequence<byte> message, EncodingContext? context = null)
        : this(Contiguous(message, context ?? EncodingContext.Default), context)
    {
    }

    public EncodingContext Context { get; }

    /// <summary>Bytes read so far.</summary>
    public int Position => _position - _origin;

    /// <summary>Bytes left (inside an ExtensionObject body: left in the body).</summary>
    public int Remaining => _end - _position;

    public bool ReadBoolean() => ReadByte() != 0;

    public sbyte ReadSByte() => unchecked((sbyte)ReadByte());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        var position = _position;
        if (position >= _end)
        {
            ThrowTruncated(1);
        }

        _position = position + 1;
        return _buffer[position];
    }

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Null for a negative length (-1 on the wire), empty for 0. Invalid UTF-8 becomes U+FFFD.</summary>
    public string? ReadString() => ReadUtf8("String");

    /// <summary>Clamped: 0 and anything earlier is MinValue, anything from 9999-12-31 23:59:59 on is MaxValue.</summary>
    public UaDateTime ReadDateTime() => UaDateTime.FromTicks(ReadInt64());

    public Guid ReadGuid() => new(Take(16));

    /// <summary>A copy of the bytes: the message buffer usually belongs to a pool.</summary>
    public ByteString ReadByteString()
    {
        var offset = Position;
        var length = ReadInt32();
        if (length < 0)
        {
            return ByteString.Null;
        }

        if (length == 0)
        {
            return ByteString.Empty;
        }

        CheckLength(length, _limits.MaxByteStringLength, "ByteString", offset);
        Charge(length + 24L, offset);
        return ByteString.Wrap(Take(length).ToArray());
    }

    public XmlElement ReadXmlElement() => new(ReadUtf8("XmlElement"));

    public NodeId ReadNodeId()
    {
        var offset = Position;
        var encoding = ReadByte();
        if ((encoding & 0xC0) != 0)
        {
            ThrowDecoding(offset, $"NodeId encoding byte 0x{encoding:X2} carries ExpandedNodeId flags");
        }

        return ReadNodeIdBody(encoding, offset);
    }

    public ExpandedNodeId ReadExpandedNodeId()
    {
        var offset = Position;
        var encoding = ReadByte();
        var nodeId = ReadNodeIdBody((byte)(encoding & 0x3F), offset);
        var uri = (encoding & 0x80) != 0 ? ReadString() : null;
        var server = (encoding & 0x40) != 0 ? ReadUInt32() : 0;
        return new ExpandedNodeId(nodeId, uri, server);
    }

    public StatusCode ReadStatusCode() => new(ReadUInt32());

    public QualifiedName ReadQualifiedName()
    {
        var ns = ReadUInt16();
        return new QualifiedName(ReadString(), ns);
    }

    public LocalizedText ReadLocalizedText()
    {
        var mask = ReadByte();
        var locale = (mask & 0x01) != 0 ? ReadString() : null;
        var text = (mask & 0x02) != 0 ? ReadString() : null;
        return new LocalizedText(locale, text);
    }

    /// <summary>
    /// A registered type decodes into its structure, inside the declared body length (bytes it leaves unread, e.g.
    /// fields a newer server appends, are skipped). An unknown type keeps its body as bytes. Null for no type and no body.
    /// </summary>
    public ExtensionObject? ReadExtensionObject()
    {
        var offset = Position;
        var typeId = ReadNodeId();
        var encoding = ReadByte();
        switch (encoding)
        {
            case 0:
                return typeId.IsNull ? null : new ExtensionObject(typeId);
            case 1:
                var lengthOffset = Position;
                var length = ReadInt32();
                if (length < 0)
                {
                    return new ExtensionObject(typeId, ByteString.Null);
                }

                CheckLength(length, _limits.MaxByteStringLength, "ExtensionObject body", lengthOffset);
                if (!Context.Types.TryCreate(typeId, Context.NamespaceUris, out var body))
                {
                    Charge(length + 64L, lengthOffset);
                    return new ExtensionObject(typeId, ByteString.Wrap(Take(length).ToArray()));
                }

                Charge(64, offset);
                Enter(offset);
                var bodyEnd = _position + length;
                var outerEnd = _end;
                _end = bodyEnd;
                body.Decode(this);
                _end = outerEnd;
                _position = bodyEnd;
                Exit();
                return new ExtensionObject(typeId, body);
            case 2:
                Charge(64, offset);
                return new ExtensionObject(typeId, ReadXmlElement());
            default:
                ThrowDecoding(offset + 1, $"ExtensionObject encoding byte {encoding} is not 0, 1 or 2");
                return null;
        }
    }

    /// <summary>Picoseconds of 10,000 or more read as 9,999, and are dropped without their timestamp (OPC 10000-6 5.2.2.17).</summary>
    public DataValue ReadDataValue()
    {
        var mask = ReadByte();
        var value = (mask & 0x01) != 0 ? ReadVariant() : default;
        var status = (mask & 0x02) != 0 ? ReadUInt32() : 0;
        var source = (mask & 0x04) != 0 ? ReadDateTime() : default;
        var sourcePicoseconds = (mask & 0x10) != 0 ? ReadUInt16() : (ushort)0;
        var server = (mask & 0x08) != 0 ? ReadDateTime() : default;
        var serverPicoseconds = (mask & 0x20) != 0 ? ReadUInt16() : (ushort)0;
        return new DataValue(
            value,
            status,
            source,
            server,
            (mask & 0x04) != 0 ? Math.Min(sourcePicoseconds, DataValue.MaxPicoseconds) : (ushort)0,
            (mask & 0x08) != 0 ? Math.Min(serverPicoseconds, DataValue.MaxPicoseconds) : (ushort)0);
    }

    /// <summary>
    /// A null, scalar, array or matrix value. An array of negative length reads as an empty array; dimensions must
    /// match the element count (OPC 10000-6 5.2.2.16) and one dimension reads as a plain array.
    /// </summary>
    public Variant ReadVariant()
    {
        var offset = Position;
        var mask = ReadByte();
        if (mask == 0)
        {
            return default;
        }

        var type = (BuiltInType)(mask & 0x3F);
        if (type == BuiltInType.Null)
        {
            ThrowDecoding(offset, $"Variant mask 0x{mask:X2} has array flags on a null value");
        }

        if ((mask & 0x80) == 0)
        {
            if ((mask & 0x40) != 0)
            {
                ThrowDecoding(offset, "Variant mask has array dimensions without an array");
            }

            return ReadScalar(type, offset);
        }

        var lengthOffset = Position;
        var length = ReadInt32();
        var elements = ReadArrayElements(type, Math.Max(length, 0), lengthOffset);
        if ((mask & 0x40) == 0)
        {
            return new Variant(type, VariantArrayType.Array, elements);
        }

        var dimensionsOffset = Position;
        var dimensions = (int[]?)ReadArray(BuiltInType.Int32);
        if (dimensions is null || dimensions.Length == 0)
        {
            ThrowDecoding(dimensionsOffset, "Variant array dimensions are missing");
        }

        long product = 1;
        var anyEmpty = false;
        foreach (var dimension in dimensions)
        {
            if (dimension <= 0)
            {
                anyEmpty = true;
            }
            else
            {
                product = Math.Min(product * dimension, int.MaxValue + 1L);
            }
        }

        if (anyEmpty ? elements.Length != 0 : product != elements.Length)
        {
            ThrowDecoding(dimensionsOffset, $"Variant array dimensions do not match its {elements.Length} elements");
        }

        if (dimensions.Length == 1)
        {
            return new Variant(type, VariantArrayType.Array, elements);
        }

        Charge(64, dimensionsOffset);
        return new Variant(type, VariantArrayType.Matrix, new Matrix(elements, type, dimensions));
    }

    /// <summary>Null for an empty mask or only absent values. Fields in wire order: SymbolicId, NamespaceUri, Locale, LocalizedText, AdditionalInfo, InnerStatusCode, inner.</summary>
    public DiagnosticInfo? ReadDiagnosticInfo()
    {
        var offset = Position;
        var mask = ReadByte();
        if (mask == 0)
        {
            return null;
        }

        Charge(80, offset);
        var symbolicId = (mask & 0x01) != 0 ? ReadInt32() : -1;
        var namespaceUri = (mask & 0x02) != 0 ? ReadInt32() : -1;
        var locale = (mask & 0x08) != 0 ? ReadInt32() : -1;
        var localizedText = (mask & 0x04) != 0 ? ReadInt32() : -1;
        var additionalInfo = (mask & 0x10) != 0 ? ReadString() : null;
        var innerStatus = (mask & 0x20) != 0 ? ReadUInt32() : 0;
        DiagnosticInfo? inner = null;
        if ((mask & 0x40) != 0)
        {
            Enter(offset);
            inner = ReadDiagnosticInfo();
            Exit();
        }

        if (symbolicId == -1 && namespaceUri == -1 && locale == -1 && localizedText == -1
            && additionalInfo is null && innerStatus == 0 && inner is null)
        {
            // Only absent values behind the mask bits (e.g. a null AdditionalInfo): the same as no DiagnosticInfo.
            return null;
        }

        return new DiagnosticInfo
        {
            SymbolicId = symbolicId,
            NamespaceUri = namespaceUri,
            Locale = locale,
            LocalizedText = localizedText,
            AdditionalInfo = additionalInfo,
            InnerStatusCode = innerStatus,
            InnerDiagnosticInfo = inner,
        };
    }

    /// <summary>A structure field of a known type (no type id on the wire).</summary>
    public T ReadEncodeable<T>()
        where T : class, IEncodeable<T>
    {
        var offset = Position;
        Charge(64, offset);
        var value = T.Create();
        Enter(offset);
        value.Decode(this);
        Exit();
        return value;
    }

    /// <summary>Null for a negative length. Each element is taken to need at least one byte.</summary>
    public T[]? ReadEncodeableArray<T>()
        where T : class, IEncodeable<T>
    {
        var offset = Position;
        var length = ReadInt32();
        if (length < 0)
        {
            return null;
        }

        CheckArray(length, 1, offset);
        var values = Allocate<T>(length, offset);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadEncodeable<T>();
        }

        return values;
    }

    /// <summary>A service message: its encoding NodeId, then the structure the registry makes for it.</summary>
    public IEncodeable ReadMessage()
    {
        var offset = Position;
        var typeId = ReadNodeId();
        if (!Context.Types.TryCreate(typeId, Context.NamespaceUris, out var message))
        {
            throw new UaDecodingException(StatusCodes.BadDataTypeIdUnknown, $"No message type is registered for encoding id {typeId}", offset);
        }

        Charge(64, offset);
        Enter(offset);
        message.Decode(this);
        Exit();
        return message;
    }

    public bool[]? ReadBooleanArray() => (bool[]?)ReadArray(BuiltInType.Boolean);
    public sbyte[]? ReadSByteArray() => (sbyte[]?)ReadArray(BuiltInType.SByte);
    public byte[]? ReadByteArray() => (byte[]?)ReadArray(BuiltInType.Byte);
    public short[]? ReadInt16Array() => (short[]?)ReadArray(BuiltInType.Int16);
    public ushort[]? ReadUInt16Array() => (ushort[]?)ReadArray(BuiltInType.UInt16);
    public int[]? ReadInt32Array() => (int[]?)ReadArray(BuiltInType.Int32);
    public uint[]? ReadUInt32Array() => (uint[]?)ReadArray(BuiltInType.UInt32);
    public long[]? ReadInt64Array() => (long[]?)ReadArray(BuiltInType.Int64);
    public ulong[]? ReadUInt64Array() => (ulong[]?)ReadArray(BuiltInType.UInt64);
    public float[]? ReadFloatArray() => (float[]?)ReadArray(BuiltInType.Float);
    public double[]? ReadDoubleArray() => (double[]?)ReadArray(BuiltInType.Double);
    public string?[]? ReadStringArray() => (string?[]?)ReadArray(BuiltInType.String);
    public UaDateTime[]? ReadDateTimeArray() => (UaDateTime[]?)ReadArray(BuiltInType.DateTime);
    public Guid[]? ReadGuidArray() => (Guid[]?)ReadArray(BuiltInType.Guid);
    public ByteString[]? ReadByteStringArray() => (ByteString[]?)ReadArray(BuiltInType.ByteString);
    public XmlElement[]? ReadXmlElementArray() => (XmlElement[]?)ReadArray(BuiltInType.XmlElement);
    public NodeId[]? ReadNodeIdArray() => (NodeId[]?)ReadArray(BuiltInType.NodeId);
    public ExpandedNodeId[]? ReadExpandedNodeIdArray() => (ExpandedNodeId[]?)ReadArray(BuiltInType.ExpandedNodeId);
    public StatusCode[]? ReadStatusCodeArray() => (StatusCode[]?)ReadArray(BuiltInType.StatusCode);
    public QualifiedName[]? ReadQualifiedNameArray() => (QualifiedName[]?)ReadArray(BuiltInType.QualifiedName);
    public LocalizedText[]? ReadLocalizedTextArray() => (LocalizedText[]?)ReadArray(BuiltInType.LocalizedText);
    public ExtensionObject?[]? ReadExtensionObjectArray() => (ExtensionObject?[]?)ReadArray(BuiltInType.ExtensionObject);
    public DataValue[]? ReadDataValueArray() => (DataValue[]?)ReadArray(BuiltInType.DataValue);
    public Variant[]? ReadVariantArray() => (Variant[]?)ReadArray(BuiltInType.Variant);
    public DiagnosticInfo?[]? ReadDiagnosticInfoArray() => (DiagnosticInfo?[]?)ReadArray(BuiltInType.DiagnosticInfo);

    private Array? ReadArray(BuiltInType type)
    {
        var offset = Position;
        var length = ReadInt32();
        return length < 0 ? null : ReadArrayElements(type, length, offset);
    }

    private Array ReadArrayElements(BuiltInType type, int length, int offset)
    {
        CheckArray(length, MinEncodedSize(type), offset);
        switch (type)
        {
            case BuiltInType.Boolean:
                var booleans = Allocate<bool>(length, offset);
                var bytes = Take(length);
                for (var i = 0; i < booleans.Length; i++)
                {
                    booleans[i] = bytes[i] != 0;
                }

                return booleans;
            case BuiltInType.SByte: return ReadBulk<sbyte>(length, offset);
            case BuiltInType.Byte: return ReadBulk<byte>(length, offset);
            case BuiltInType.Int16: return ReadBulk<short>(length, offset);
            case BuiltInType.UInt16: return ReadBulk<ushort>(length, offset);
            case BuiltInType.Int32: return ReadBulk<int>(length, offset);
            case BuiltInType.UInt32: return ReadBulk<uint>(length, offset);
            case BuiltInType.Int64: return ReadBulk<long>(length, offset);
            case BuiltInType.UInt64: return ReadBulk<ulong>(length, offset);
            case BuiltInType.Float: return ReadBulk<float>(length, offset);
            case BuiltInType.Double: return ReadBulk<double>(length, offset);
            case BuiltInType.StatusCode:
                var codes = Allocate<StatusCode>(length, offset);
                for (var i = 0; i < codes.Length; i++)
                {
                    codes[i] = new StatusCode(ReadUInt32());
                }

                return codes;
            case BuiltInType.DateTime:
                var times = Allocate<UaDateTime>(length, offset);
                for (var i = 0; i < times.Length; i++)
                {
                    times[i] = ReadDateTime();
                }

                return times;
            case BuiltInType.String:
                var strings = Allocate<string?>(length, offset);
                for (var i = 0; i < strings.Length; i++)
                {
                    strings[i] = ReadString();
                }

                return strings;
            case BuiltInType.Guid:
                var guids = Allocate<Guid>(length, offset);
                for (var i = 0; i < guids.Length; i++)
                {
                    guids[i] = ReadGuid();
                }

                return guids;
            case BuiltInType.XmlElement:
                var xml = Allocate<XmlElement>(length, offset);
                for (var i = 0; i < xml.Length; i++)
                {
                    xml[i] = ReadXmlElement();
                }

                return xml;
            case BuiltInType.NodeId:
                var nodeIds = Allocate<NodeId>(length, offset);
                for (var i = 0; i < nodeIds.Length; i++)
                {
                    nodeIds[i] = ReadNodeId();
                }

                return nodeIds;
            case BuiltInType.ExpandedNodeId:
                var expanded = Allocate<ExpandedNodeId>(length, offset);
                for (var i = 0; i < expanded.Length; i++)
                {
                    expanded[i] = ReadExpandedNodeId();
                }

                return expanded;
            case BuiltInType.QualifiedName:
                var names = Allocate<QualifiedName>(length, offset);
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = ReadQualifiedName();
                }

                return names;
            case BuiltInType.LocalizedText:
                var texts = Allocate<LocalizedText>(length, offset);
                for (var i = 0; i < texts.Length; i++)
                {
                    texts[i] = ReadLocalizedText();
                }

                return texts;
            case BuiltInType.ExtensionObject:
                var objects = Allocate<ExtensionObject?>(length, offset);
                for (var i = 0; i < objects.Length; i++)
                {
                    objects[i] = ReadExtensionObject();
                }

                return objects;
            case BuiltInType.DataValue:
                var dataValues = Allocate<DataValue>(length, offset);
                Enter(offset);
                for (var i = 0; i < dataValues.Length; i++)
                {
                    dataValues[i] = ReadDataValue();
                }

                Exit();
                return dataValues;
            case BuiltInType.Variant:
                var variants = Allocate<Variant>(length, offset);
                Enter(offset);
                for (var i = 0; i < variants.Length; i++)
                {
                    variants[i] = ReadVariant();
                }

                Exit();
                return variants;
            case BuiltInType.DiagnosticInfo:
                var infos = Allocate<DiagnosticInfo?>(length, offset);
                for (var i = 0; i < infos.Length; i++)
                {
                    infos[i] = ReadDiagnosticInfo();
                }

                return infos;
            default:
                // ByteString, and the reserved type ids 26-31 whose values are ByteStrings.
                var byteStrings = Allocate<ByteString>(length, offset);
                for (var i = 0; i < byteStrings.Length; i++)
                {
                    byteStrings[i] = ReadByteString();
                }

                return byteStrings;
        }
    }

    private Variant ReadScalar(BuiltInType type, int offset)
    {
        switch (type)
        {
            case BuiltInType.Boolean: return new Variant(type, ReadByte() != 0 ? 1 : 0);
            case BuiltInType.SByte: return new Variant(type, ReadSByte());
            case BuiltInType.Byte: return new Variant(type, ReadByte());
            case BuiltInType.Int16: return new Variant(type, ReadInt16());
            case BuiltInType.UInt16: return new Variant(type, ReadUInt16());
            case BuiltInType.Int32: return new Variant(type, ReadInt32());
            case BuiltInType.UInt32: return new Variant(type, ReadUInt32());
            case BuiltInType.Float: return new Variant(type, ReadInt32());
            case BuiltInType.StatusCode: return new Variant(type, ReadUInt32());
            case BuiltInType.Int64:
            case BuiltInType.UInt64:
            case BuiltInType.Double: return new Variant(type, ReadInt64());
            case BuiltInType.DateTime: return new Variant(type, ReadDateTime().Ticks);
            case BuiltInType.String: return new Variant(type, VariantArrayType.Scalar, ReadString());
            case BuiltInType.ByteString: return new Variant(type, VariantArrayType.Scalar, ReadByteString().UnsafeArray);
            case BuiltInType.XmlElement: return new Variant(type, VariantArrayType.Scalar, ReadXmlElement().OuterXml);
            case BuiltInType.ExtensionObject: return new Variant(type, VariantArrayType.Scalar, ReadExtensionObject());
            case BuiltInType.DiagnosticInfo: return new Variant(type, VariantArrayType.Scalar, ReadDiagnosticInfo());
            case BuiltInType.Guid:
                Charge(40, offset);
                return new Variant(type, VariantArrayType.Scalar, ReadGuid());
            case BuiltInType.NodeId:
                Charge(40, offset);
                return new Variant(type, VariantArrayType.Scalar, ReadNodeId());
            case BuiltInType.ExpandedNodeId:
                Charge(56, offset);
                return new Variant(type, VariantArrayType.Scalar, ReadExpandedNodeId());
            case BuiltInType.QualifiedName:
                Charge(40, offset);
                return new Variant(type, VariantArrayType.Scalar, ReadQualifiedName());
            case BuiltInType.LocalizedText:
                Charge(40, offset);
                return new Variant(type, VariantArrayType.Scalar, ReadLocalizedText());
            case BuiltInType.DataValue:
                Charge(88, offset);
                Enter(offset);
                var dataValue = ReadDataValue();
                Exit();
                return new Variant(type, VariantArrayType.Scalar, dataValue);
            case BuiltInType.Variant:
                ThrowDecoding(offset, "A Variant cannot hold a Variant scalar");
                return default;
            default:
                // Type ids 26-31: OPC 10000-6 5.2.2.16 says to accept them as ByteStrings and pass them on.
                return new Variant(type, VariantArrayType.Scalar, ReadByteString().UnsafeArray);
        }
    }

    private NodeId ReadNodeIdBody(byte encoding, int offset)
    {
        switch (encoding & 0x3F)
        {
            case 0x00:
                return new NodeId(ReadByte());
            case 0x01:
                var shortNamespace = ReadByte();
                return new NodeId(ReadUInt16(), shortNamespace);
            case 0x02:
                var ns = ReadUInt16();
                return new NodeId(ReadUInt32(), ns);
            case 0x03:
                var stringNamespace = ReadUInt16();
                return NodeId.FromWireString(ReadString(), stringNamespace);
            case 0x04:
                var guidNamespace = ReadUInt16();
                Charge(40, offset);
                return new NodeId(ReadGuid(), guidNamespace);
            case 0x05:
                var opaqueNamespace = ReadUInt16();
                return new NodeId(ReadByteString(), opaqueNamespace);
            default:
                ThrowDecoding(offset, $"NodeId encoding byte 0x{encoding:X2} is not a known form");
                return default;
        }
    }

    private string? ReadUtf8(string what)
    {
        var offset = Position;
        var length = ReadInt32();
        if (length < 0)
        {
            return null;
        }

        if (length == 0)
        {
            return string.Empty;
        }

        CheckLength(length, _limits.MaxStringLength, what, offset);
        Charge((2L * length) + 24, offset);
        return System.Text.Encoding.UTF8.GetString(Take(length));
    }

    private T[] ReadBulk<T>(int length, int offset)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var source = Take(length * size);
        Charge(((long)length * size) + 32, offset);
        var values = GC.AllocateUninitializedArray<T>(length);
        source.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian && size > 1)
        {
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            for (var i = 0; i < bytes.Length; i += size)
            {
                bytes.Slice(i, size).Reverse();
            }
        }

        return values;
    }

    private T[] Allocate<T>(int length, int offset)
    {
        if (length == 0)
        {
            return [];
        }

        Charge(((long)length * Unsafe.SizeOf<T>()) + 32, offset);
        return new T[length];
    }

    /// <summary>The fewest bytes one element takes on the wire, to refuse a count the rest of the message cannot hold.</summary>
    private static int MinEncodedSize(BuiltInType type) => type switch
    {
        BuiltInType.Int16 or BuiltInType.UInt16 or BuiltInType.NodeId or BuiltInType.ExpandedNodeId => 2,
        BuiltInType.ExtensionObject => 3,
        BuiltInType.Int32 or BuiltInType.UInt32 or BuiltInType.Float or BuiltInType.String or BuiltInType.ByteString
            or BuiltInType.XmlElement or BuiltInType.StatusCode => 4,
        BuiltInType.QualifiedName => 6,
        BuiltInType.Int64 or BuiltInType.UInt64 or BuiltInType.Double or BuiltInType.DateTime => 8,
        BuiltInType.Guid => 16,
        > BuiltInType.DiagnosticInfo => 4,
        _ => 1,
    };

    private void CheckArray(int length, int minElementSize, int offset)
    {
        if (length > _limits.MaxArrayLength)
        {
            ThrowLimit(offset, $"An array of {length} elements exceeds the limit of {_limits.MaxArrayLength}");
        }

        if ((long)length * minElementSize > Remaining)
        {
            ThrowDecoding(offset, $"An array of {length} elements cannot fit in the {Remaining} bytes left");
        }
    }

    private void CheckLength(int length, int limit, string what, int offset)
    {
        if (length > limit)
        {
            ThrowLimit(offset, $"A {what} of {length} bytes exceeds the limit of {limit}");
        }

        if (length > Remaining)
        {
            ThrowDecoding(offset, $"A {what} of {length} bytes is longer than the {Remaining} bytes left");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        var position = _position;
        if (count > _end - position)
        {
            ThrowTruncated(count);
        }

        _position = position + count;
        return new ReadOnlySpan<byte>(_buffer, position, count);
    }

    private void Charge(long bytes, int offset)
    {
        _allocated += bytes;
        if (_allocated > _limits.MaxAllocationBytes)
        {
            ThrowLimit(offset, $"Decoding would allocate more than the limit of {_limits.MaxAllocationBytes} bytes");
        }
    }

    private void Enter(int offset)
    {
        if (++_depth > _limits.MaxNestingDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            ThrowLimit(offset, $"Values are nested deeper than the limit of {_limits.MaxNestingDepth}");
        }
    }

    private void Exit() => _depth--;

    private static void CheckMessageSize(long length, EncodingLimits limits)
    {
        if (length > limits.MaxMessageSize)
        {
            throw new UaDecodingException(
                StatusCodes.BadEncodingLimitsExceeded, $"A message of {length} bytes exceeds the limit of {limits.MaxMessageSize}", 0);
        }
    }

    private static ReadOnlyMemory<byte> Contiguous(ReadOnlySequence<byte> message, EncodingContext context)
    {
        CheckMessageSize(message.Length, context.Limits);
        return message.IsSingleSegment ? message.First : message.ToArray();
    }

    [DoesNotReturn]
    private void ThrowTruncated(int needed) =>
        throw new UaDecodingException(StatusCodes.BadDecodingError, $"The message ends: {needed} bytes needed, {Remaining} left", Position);

    [DoesNotReturn]
    private static void ThrowDecoding(int offset, string message) =>
        throw new UaDecodingException(StatusCodes.BadDecodingError, message, offset);

    [DoesNotReturn]
    private static void ThrowLimit(int offset, string message) =>
        throw new UaDecodingException(StatusCodes.BadEncodingLimitsExceeded, message, offset);
}
