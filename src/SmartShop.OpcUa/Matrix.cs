using System.Globalization;

namespace SmartShop.OpcUa;

/// <summary>
/// A multi-dimensional array: the elements flattened with the highest rank first ([0,0], [0,1], [1,0], [1,1]),
/// as OPC 10000-6 5.2.2.16 encodes them, plus the length of each dimension.
/// </summary>
public sealed class Matrix : IEquatable<Matrix>
{
    private readonly int[] _dimensions;

    /// <param name="elements">A one-dimensional array of a built-in element type (double[], string[], Variant[], ...); not copied.</param>
    /// <param name="dimensions">At least two lengths, none negative, whose product is the element count.</param>
    public Matrix(Array elements, params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (!Variant.TryGetElementType(elements, out var type))
        {
            throw new ArgumentException($"{elements.GetType().Name} is not an array of a built-in type.", nameof(elements));
        }

        if (dimensions.Length < 2)
        {
            throw new ArgumentException("A matrix has two or more dimensions; use an array Variant for one.", nameof(dimensions));
        }

        long product = 1;
        foreach (var d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dimensions));
            product = Math.Min(product * d, int.MaxValue + 1L);
        }

        if (product != elements.Length)
        {
            throw new ArgumentException(
                $"The dimensions hold {product} elements but the array has {elements.Length}.", nameof(dimensions));
        }

        Elements = elements;
        ElementType = type;
        _dimensions = (int[])dimensions.Clone();
    }

    /// <summary>Decoder path: the caller has checked type and dimensions.</summary>
    internal Matrix(Array elements, BuiltInType elementType, int[] dimensions)
    {
        Elements = elements;
        ElementType = elementType;
        _dimensions = dimensions;
    }

    /// <summary>The flattened elements, typed (double[], string[], ...).</summary>
    public Array Elements { get; }

    public BuiltInType ElementType { get; }

    public ReadOnlySpan<int> Dimensions => _dimensions;

    public int Rank => _dimensions.Length;

    internal int[] DimensionsArray => _dimensions;

    public bool TryGetElements<T>(out T[] elements)
    {
        if (Elements is T[] typed && ElementType == Variant.ElementTypeOf<T>())
        {
            elements = typed;
            return true;
        }

        elements = [];
        return false;
    }

    public bool Equals(Matrix? other) =>
        other is not null
        && ElementType == other.ElementType
        && _dimensions.AsSpan().SequenceEqual(other._dimensions)
        && Variant.ArrayEquals(ElementType, Elements, other.Elements);

    public override bool Equals(object? obj) => obj is Matrix other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(ElementType, Elements.Length, _dimensions.Length);

    /// <summary>"Double[2x3]".</summary>
    public override string ToString() =>
        ElementType + "[" + string.Join('x', Array.ConvertAll(_dimensions, d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
