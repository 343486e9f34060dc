using System.Globalization;

namespace SmartShop.OpcUa;

/// <summary>
/// The UA DateTime: 100 ns ticks since 1601-01-01 00:00 UTC, kept as the Int64 of the wire so decoding costs nothing.
/// Values follow the clamping rules of OPC 10000-6 5.2.2.5: anything at or before 1601-01-01 is 0 (MinValue) and
/// anything at or after 9999-12-31 23:59:59 UTC is Int64.MaxValue (MaxValue), so every instance is canonical and
/// equality is plain tick equality.
/// </summary>
public readonly struct UaDateTime : IEquatable<UaDateTime>, IComparable<UaDateTime>
{
    private static readonly long EpochTicks = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long MaxEncodableTicks =
        new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).Ticks - EpochTicks;

    private UaDateTime(long canonicalTicks) => Ticks = canonicalTicks;

    /// <summary>100 ns intervals since 1601-01-01 00:00 UTC; 0 is MinValue, Int64.MaxValue is MaxValue.</summary>
    public long Ticks { get; }

    public static UaDateTime MinValue => default;
    public static UaDateTime MaxValue => new(long.MaxValue);

    public bool IsMinValue => Ticks == 0;
    public bool IsMaxValue => Ticks == long.MaxValue;

    /// <summary>Applies the specification's clamping: ticks at or below 0 give MinValue, ticks at or after 9999-12-31 23:59:59 give MaxValue.</summary>
    public static UaDateTime FromTicks(long ticks)
    {
        if (ticks <= 0)
        {
            return default;
        }

        return ticks >= MaxEncodableTicks ? new UaDateTime(long.MaxValue) : new UaDateTime(ticks);
    }

    /// <summary>Local times are converted to UTC; Unspecified is taken as UTC.</summary>
    public static UaDateTime FromDateTime(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        return FromTicks(value.Ticks - EpochTicks);
    }

    public static UaDateTime FromDateTimeOffset(DateTimeOffset value) => FromTicks(value.UtcTicks - EpochTicks);

    /// <summary>MinValue gives DateTime.MinValue and MaxValue gives DateTime.MaxValue (both UTC), as the decoding rules require.</summary>
    public DateTime ToDateTime()
    {
        if (Ticks == 0)
        {
            return DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        }

        return Ticks == long.MaxValue
            ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)
            : new DateTime(Ticks + EpochTicks, DateTimeKind.Utc);
    }

    public DateTimeOffset ToDateTimeOffset()
    {
        if (Ticks == 0)
        {
            return DateTimeOffset.MinValue;
        }

        return Ticks == long.MaxValue ? DateTimeOffset.MaxValue : new DateTimeOffset(Ticks + EpochTicks, TimeSpan.Zero);
    }

    public static bool operator ==(UaDateTime left, UaDateTime right) => left.Ticks == right.Ticks;
    public static bool operator !=(UaDateTime left, UaDateTime right) => left.Ticks != right.Ticks;
    public static bool operator <(UaDateTime left, UaDateTime right) => left.Ticks < right.Ticks;
    public static bool operator >(UaDateTime left, UaDateTime right) => left.Ticks > right.Ticks;
    public static bool operator <=(UaDateTime left, UaDateTime right) => left.Ticks <= right.Ticks;
    public static bool operator >=(UaDateTime left, UaDateTime right) => left.Ticks >= right.Ticks;

    public int CompareTo(UaDateTime other) => Ticks.CompareTo(other.Ticks);
    public bool Equals(UaDateTime other) => Ticks == other.Ticks;
    public override bool Equals(object? obj) => obj is UaDateTime other && Ticks == other.Ticks;
    public override int GetHashCode() => Ticks.GetHashCode();

    /// <summary>ISO 8601 round-trip form in UTC, e.g. 2018-08-10T23:00:00.0000000Z.</summary>
    public override string ToString() => ToDateTime().ToString("O", CultureInfo.InvariantCulture);
}
