using System.Text;

namespace SmartShop.OpcUa;

/// <summary>
/// A value with its status and timestamps (OPC 10000-4 7.11). A struct: notifications carry millions of these and
/// none of them should cost an allocation. Absent fields have their defaults (null Variant, Good, MinValue, 0),
/// which is also what the binary encoding mask leaves out (OPC 10000-6 5.2.2.17).
/// </summary>
public readonly struct DataValue : IEquatable<DataValue>
{
    /// <summary>The largest picoseconds value: the field counts 10 ps steps inside one 100 ns tick.</summary>
    public const ushort MaxPicoseconds = 9999;

    public DataValue(
        Variant value,
        StatusCode statusCode = default,
        UaDateTime sourceTimestamp = default,
        UaDateTime serverTimestamp = default,
        ushort sourcePicoseconds = 0,
        ushort serverPicoseconds = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourcePicoseconds, MaxPicoseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serverPicoseconds, MaxPicoseconds);
        Value = value;
        StatusCode = statusCode;
        SourceTimestamp = sourceTimestamp;
        ServerTimestamp = serverTimestamp;
        SourcePicoseconds = sourcePicoseconds;
        ServerPicoseconds = serverPicoseconds;
    }

    public Variant Value { get; }
    public StatusCode StatusCode { get; }
    public UaDateTime SourceTimestamp { get; }
    public UaDateTime ServerTimestamp { get; }

    /// <summary>10 ps steps to add to <see cref="SourceTimestamp"/>, 0-9999.</summary>
    public ushort SourcePicoseconds { get; }

    /// <summary>10 ps steps to add to <see cref="ServerTimestamp"/>, 0-9999.</summary>
    public ushort ServerPicoseconds { get; }

    public static bool operator ==(DataValue left, DataValue right) => left.Equals(right);
    public static bool operator !=(DataValue left, DataValue right) => !left.Equals(right);

    public bool Equals(DataValue other) =>
        StatusCode == other.StatusCode
        && SourceTimestamp == other.SourceTimestamp && ServerTimestamp == other.ServerTimestamp
        && SourcePicoseconds == other.SourcePicoseconds && ServerPicoseconds == other.ServerPicoseconds
        && Value.Equals(other.Value);

    public override bool Equals(object? obj) => obj is DataValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Value, StatusCode, SourceTimestamp, ServerTimestamp);

    public override string ToString()
    {
        var text = new StringBuilder(Value.ToString());
        if (StatusCode.Code != 0)
        {
            text.Append(' ').Append(StatusCode.ToString());
        }

        if (!SourceTimestamp.IsMinValue)
        {
            text.Append(" source=").Append(SourceTimestamp.ToString());
        }

        if (!ServerTimestamp.IsMinValue)
        {
            text.Append(" server=").Append(ServerTimestamp.ToString());
        }

        return text.ToString();
    }
}
